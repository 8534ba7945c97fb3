"""One follow-up question that probes what the candidate's answer left out."""

from __future__ import annotations

from ai.prompts import QUESTION_SCHEMA, UNTRUSTED_TEXT_RULE, Prompt, bullets, delimit, language_name
from ai.types import FollowUpInput

PROMPT_VERSION = "follow-up-v1"
TAG = "candidate_answer"

SYSTEM = """You are an interviewer asking one follow-up question in a mock interview.
Ask about the most important point the candidate missed, in one or two sentences, at the same level as the \
original question. Do not reveal the expected answer in the question.
Also return the key points a good answer covers, a concise sample answer, tags, a difficulty from 1 to 5 and the \
expected answer time in seconds.
{untrusted}
Write every text in {language}."""

USER = """Original question ({type}, {level} level):
{question}

Key points the answer missed:
{missed}

{answer}"""


def render(data: FollowUpInput) -> Prompt:
    return Prompt(
        version=PROMPT_VERSION,
        name="follow_up_question",
        schema=QUESTION_SCHEMA,
        system=SYSTEM.format(untrusted=UNTRUSTED_TEXT_RULE.format(tag=TAG), language=language_name(data.language)),
        user=USER.format(
            type=data.question.type,
            level=data.question.level,
            question=data.question.text,
            missed=bullets(data.missed_key_points, empty="(none: probe for more depth)"),
            answer=delimit(TAG, data.answer_text),
        ),
    )
