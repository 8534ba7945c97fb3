"""New bank questions on a topic or for a job title, written from examples already in the bank."""

from __future__ import annotations

import json

from ai.prompts import QUESTION_SCHEMA, UNTRUSTED_TEXT_RULE, Prompt, bullets, delimit, language_name, strict_object
from ai.types import GenerationInput

PROMPT_VERSION = "generate-v1"
TAG = "requested_topic"

SYSTEM = """You write questions for a mock-interview platform.
Write exactly {count} new {type} questions for a {level}-level candidate. Each must be answerable aloud in a few \
minutes, distinct from the others and from every text listed under "Do not repeat".
For each question return: the text, a difficulty from 1 to 5, tags, 3 to 6 key points a good answer covers, a \
concise sample answer, and the expected answer time in seconds.
{untrusted}
Write every text in {language}."""

USER = """{topic}

Example questions from our bank (style and depth to match):
{examples}

Do not repeat:
{avoid}"""

SCHEMA = strict_object({"questions": {"type": "array", "items": QUESTION_SCHEMA}})


def render(data: GenerationInput) -> Prompt:
    examples = [{"text": q.text, "key_points": list(q.key_points), "tags": list(q.tags)} for q in data.examples]
    return Prompt(
        version=PROMPT_VERSION,
        name="generated_questions",
        schema=SCHEMA,
        system=SYSTEM.format(
            count=data.count,
            type=data.type,
            level=data.level,
            untrusted=UNTRUSTED_TEXT_RULE.format(tag=TAG),
            language=language_name(data.language),
        ),
        user=USER.format(
            topic=delimit(TAG, " / ".join(part for part in (data.topic, data.job_title) if part)),
            examples=json.dumps(examples, ensure_ascii=False, indent=1) if examples else "(none)",
            avoid=bullets(data.avoid),
        ),
    )
