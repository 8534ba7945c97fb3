"""Reading a resume: summary, skills, years of experience, strengths, gaps and suggested roles."""

from __future__ import annotations

from ai.prompts import STRING_LIST, UNTRUSTED_TEXT_RULE, Prompt, bullets, delimit, language_name, strict_object
from ai.types import ResumeAnalysisInput

PROMPT_VERSION = "analyze-resume-v1"
TAG = "resume"
MAX_RESUME_CHARS = 20000

SYSTEM = """You are a senior technical recruiter reviewing a candidate's resume to prepare them for interviews.
Return:
- "summary": two or three sentences on the candidate's profile, based only on the resume.
- "skills": the technical and professional skills the resume shows, using the canonical names from the vocabulary \
when one fits.
- "years_of_experience": total years of professional experience from the dates given, or null if no dates.
- "strengths": at most 4 short sentences on what will impress interviewers, with evidence from the resume.
- "gaps": skills expected for the target role that the resume does not show.
- "suggested_roles": at most 3 roles from the role list that fit the resume best.
Never invent experience, employers or skills that the resume does not state.
{untrusted}
Write "summary" and "strengths" in {language}."""

USER = """Target role: {target_role}
Skills expected for the target role:
{expected}

Skill vocabulary (canonical names):
{vocabulary}

Roles to choose from:
{roles}

{resume}"""

SCHEMA = strict_object(
    {
        "summary": {"type": "string"},
        "skills": STRING_LIST,
        "years_of_experience": {"type": ["number", "null"]},
        "strengths": STRING_LIST,
        "gaps": STRING_LIST,
        "suggested_roles": STRING_LIST,
    }
)


def render(data: ResumeAnalysisInput) -> Prompt:
    return Prompt(
        version=PROMPT_VERSION,
        name="resume_analysis",
        schema=SCHEMA,
        system=SYSTEM.format(untrusted=UNTRUSTED_TEXT_RULE.format(tag=TAG), language=language_name(data.language)),
        user=USER.format(
            target_role=data.target_role or "(not set)",
            expected=bullets(data.expected_skills),
            vocabulary=", ".join(term.name for term in data.vocabulary) or "(none given)",
            roles=", ".join(role.name for role in data.roles) or "(none given)",
            resume=delimit(TAG, data.text[:MAX_RESUME_CHARS]),
        ),
    )
