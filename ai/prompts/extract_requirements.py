"""Reading a job: the skills it requires, its seniority and its domain."""

from __future__ import annotations

from ai.prompts import STRING_LIST, UNTRUSTED_TEXT_RULE, Prompt, bullets, delimit, strict_object
from ai.types import JobRequirementsInput

PROMPT_VERSION = "extract-requirements-v1"
TAG = "job"
MAX_JOB_CHARS = 6000
SENIORITIES = ("", "intern", "junior", "middle", "senior")

SYSTEM = """You are a technical recruiter preparing a mock interview for the job below.
Return:
- "skills": at most 12 technologies, tools and practices the job requires, most important first, using the \
canonical names from the vocabulary when one fits.
- "seniority": one of "intern", "junior", "middle", "senior", or "" when the job does not say.
- "domain": the role from the role list that fits the job best, or "" when none does.
Only name what the job text or the listed skills state; never invent requirements.
{untrusted}"""

USER = """Job title: {job_title}
Skills listed by the candidate for this job:
{skills}

Skill vocabulary (canonical names):
{vocabulary}

Roles to choose from:
{roles}

{job}"""

SCHEMA = strict_object(
    {
        "skills": STRING_LIST,
        "seniority": {"type": "string", "enum": list(SENIORITIES)},
        "domain": {"type": "string"},
    }
)


def render(data: JobRequirementsInput) -> Prompt:
    return Prompt(
        version=PROMPT_VERSION,
        name="job_requirements",
        schema=SCHEMA,
        system=SYSTEM.format(untrusted=UNTRUSTED_TEXT_RULE.format(tag=TAG)),
        user=USER.format(
            job_title=data.job_title or "(not given)",
            skills=bullets(data.skills),
            vocabulary=", ".join(term.name for term in data.vocabulary) or "(none given)",
            roles=", ".join(role.name for role in data.roles) or "(none given)",
            job=delimit(TAG, data.job_description[:MAX_JOB_CHARS]),
        ),
    )
