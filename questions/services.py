"""Question bank writes: seeding and imports, AI generation, follow-ups, activation and statistics."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from ai import get_provider
from ai.errors import AIError
from ai.types import GeneratedQuestion, GenerationInput
from billing.plans import Feature
from billing.selectors import feature_require
from kernel.api import ratelimit
from kernel.api.fields import parse_object_id
from kernel.cache import version_bump
from kernel.errors import NotFound, ServiceUnavailable, ValidationFailed
from questions import coding, selectors, transfer
from questions.models import Question, text_fingerprint
from sandbox import Verdict

logger = logging.getLogger(__name__)

BANK_FILE = Path(__file__).resolve().parent / "data" / "question_bank.json"
# Coding questions with their specs (hidden tests, references), one row per statement language.
CODING_FILE = Path(__file__).resolve().parent / "data" / "coding_questions.json"
# Bank questions on the topic sent as few-shot examples; up to GENERATION_AVOID
# of them go along as texts the model must not repeat.
GENERATION_EXAMPLES = 5
GENERATION_AVOID = 50


def _slug_for(text: str, *, prefix: str = "", unique: bool = False) -> str:
    """A readable slug from the text. Without ``unique`` it is derived from the
    text alone, so re-importing a row without a slug finds the same question."""
    suffix = secrets.token_hex(5) if unique else text_fingerprint(text)[:10]
    return "-".join(part for part in (prefix, slugify(text)[:60].strip("-"), suffix) if part)


def _error_messages(exc: DjangoValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


# --- Seeding and imports ---------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based position in the file
    messages: dict[str, list[str]]

    def __str__(self) -> str:
        problems = "; ".join(f"{field}: {' '.join(texts)}" for field, texts in self.messages.items())
        return _("Row %(row)d: %(problems)s") % {"row": self.row, "problems": problems}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    errors: tuple[RowError, ...]


def question_bank_seed() -> str:
    """Load the curated bank idempotently: add missing questions, update the ones
    whose content changed in the file. AI-generated questions carry slugs the
    bank never uses, so they are never touched. A bad row in the shipped file is
    a bug, so nothing is written and it raises."""
    rows = [json.loads(path.read_text(encoding="utf-8")) for path in (BANK_FILE, CODING_FILE)]
    result = _questions_upsert([row for file_rows in rows for row in file_rows], all_or_nothing=True)
    return f"question bank: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"


def questions_import(*, rows: Iterable[Mapping[str, Any]]) -> ImportResult:
    """Create or update questions from file rows (matched by slug); valid rows are
    saved and each invalid one is reported with its field messages."""
    return _questions_upsert(list(rows), all_or_nothing=False)


def _questions_upsert(rows: list[Mapping[str, Any]], *, all_or_nothing: bool) -> ImportResult:
    """Validate every row first, then write: new questions in one bulk insert,
    changed ones with only their changed fields."""
    slugs = [str(row.get("slug") or "").strip() or _slug_for(str(row.get("text") or "")) for row in rows]
    existing = Question.objects.in_bulk(set(slugs), field_name="slug")
    new: list[Question] = []
    changed: list[tuple[Question, list[str]]] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for number, (row, slug) in enumerate(zip(rows, slugs, strict=True), start=1):
        values = {name: row[name] for name in transfer.CONTENT_FIELDS if name in row} | {"slug": slug}
        try:
            if slug in seen:
                raise DjangoValidationError({"slug": [_("Appears more than once in this file.")]})
            seen.add(slug)
            question, fields = _question_apply(existing.get(slug), values)
        except DjangoValidationError as exc:
            errors.append(RowError(row=number, messages=_error_messages(exc)))
            continue
        if question.pk is None:
            new.append(question)
        elif fields:
            changed.append((question, fields))
    if errors and all_or_nothing:
        raise ValueError("; ".join(str(error) for error in errors[:10]))
    Question.objects.bulk_create(new)
    for question, fields in changed:
        question.save(update_fields=[*fields, "updated_at"])
    if new:  # bulk_create sends no post_save
        question_bank_changed()
    unchanged = len(rows) - len(new) - len(changed) - len(errors)
    return ImportResult(created=len(new), updated=len(changed), unchanged=unchanged, errors=tuple(errors))


def _question_apply(current: Question | None, values: dict[str, Any]) -> tuple[Question, list[str]]:
    """``current`` (or a new question) with ``values`` applied and validated, and
    the names of the fields whose stored value changes."""
    not_lists = [name for name in transfer.LIST_FIELDS & values.keys() if not isinstance(values[name], list)]
    if not_lists:
        raise DjangoValidationError({name: [_("Must be a list of texts.")] for name in not_lists})
    question = current or Question()
    before = {name: getattr(question, name) for name in (*values, "text_key")}
    for name, value in values.items():
        setattr(question, name, value)
    question.full_clean(validate_unique=False)  # the slug was matched above
    return question, [name for name, old in before.items() if getattr(question, name) != old]


# --- Coding questions ---------------------------------------------------------------------


def question_reference_problems(*, spec: dict[str, Any]) -> list[str]:
    """Run each language's reference solution against every example and hidden test in the sandbox
    worker; one message per language that does not pass, naming the verdict and the first failing case."""
    problems = []
    for language, judgement in coding.reference_check(spec=spec).items():
        if judgement.verdict == Verdict.PASSED:
            continue
        examples = len(spec["examples"])
        index = judgement.first_failure
        case = (
            _("example %(n)d") % {"n": index + 1}
            if index is not None and index < examples
            else _("hidden test %(n)d") % {"n": (index or 0) - examples + 1}
        )
        problems.append(
            _("The %(language)s reference solution does not pass: %(verdict)s at %(case)s. %(detail)s")
            % {"language": language, "verdict": judgement.verdict, "case": case, "detail": judgement.detail}
        )
    return problems


# --- AI generation ---------------------------------------------------------------------


def questions_generate(
    *,
    user: User,
    type: str,
    level: str,
    topic: str = "",
    job_title: str = "",
    count: int = 5,
    language: str = "",
) -> list[Question]:
    """Ask the AI layer for ``count`` questions and save those the bank lacks.

    Bank questions on the topic go along as examples and as texts to avoid; a
    generated question whose normalised text matches a bank question or an
    earlier one of the batch is dropped, so fewer than ``count`` may come back.
    ``language`` defaults to the user's, else English.
    """
    feature_require(user=user, feature=Feature.QUESTION_GENERATION)
    ratelimit.ai_call_enforce(group="question_generation", user_id=user.pk)
    language = language or (user.language if user.language in Question.Language.values else Question.Language.EN)
    request = _generation_request(
        type=type, level=level, language=language, topic=topic, job_title=job_title, count=count
    )
    try:
        generated = get_provider().generate_questions(request)
    except AIError as exc:
        logger.warning("question generation failed: %s", exc)
        raise ServiceUnavailable(_("Question generation is unavailable right now. Try again shortly.")) from exc

    candidates: dict[str, Question] = {}
    for item in generated:
        question = _question_from_generated(item, type=type, level=level, language=language)
        if question is not None:
            candidates.setdefault(question.text_key, question)
    taken = selectors.question_text_keys_taken(text_keys=candidates)
    fresh = [question for key, question in candidates.items() if key not in taken]
    Question.objects.bulk_create(fresh)
    if fresh:  # bulk_create sends no post_save
        question_bank_changed()
    return fresh


def _generation_request(
    *, type: str, level: str, language: str, topic: str, count: int, job_title: str = ""
) -> GenerationInput:
    """What the AI layer gets: bank questions on the topic go along as examples and as texts to avoid."""
    related = selectors.questions_on_topic(
        type=type, level=level, language=language, topic=topic, job_title=job_title, limit=GENERATION_AVOID
    )
    return GenerationInput(
        type=type,
        level=level,
        count=count,
        topic=topic,
        job_title=job_title,
        language=language,
        examples=tuple(question.as_spec() for question in related[:GENERATION_EXAMPLES]),
        avoid=tuple(question.text for question in related),
    )


def questions_propose(
    *, requirements: Iterable[str], type: str, level: str, language: str, job_text: str
) -> list[tuple[str, Question]]:
    """Write one question per requirement the bank does not cover, for one interview's job.

    They are saved inactive and ``proposed`` (an interview's answers refer to them by id), so they
    enter the bank only when staff approve them in the admin, next to the job text they came from.
    A requirement whose generation fails, or whose question repeats one the bank has, is skipped.
    Returns (requirement, question) pairs.
    """
    proposed: list[tuple[str, Question]] = []
    for requirement in requirements:
        request = _generation_request(type=type, level=level, language=language, topic=requirement, count=1)
        try:
            generated = get_provider().generate_questions(request)
        except AIError as exc:
            logger.warning("no proposed question for %r: %s", requirement, exc)
            continue
        for item in generated[:1]:
            question = _question_from_generated(item, type=type, level=level, language=language)
            if question is None or selectors.question_text_keys_taken(text_keys=[question.text_key]):
                continue
            question.is_active = False
            question.review_status = Question.Review.PROPOSED
            question.source_job_text = job_text[:6000]
            question.tags = list(dict.fromkeys([slugify(requirement), *question.tags]))[:20]
            question.save()
            proposed.append((requirement, question))
    return proposed


def questions_review(*, question_ids: Iterable[Any], approve: bool) -> int:
    """Staff decide on proposed questions: approved ones join the bank (active), rejected ones stay out."""
    status = Question.Review.APPROVED if approve else Question.Review.REJECTED
    changed = Question.objects.filter(pk__in=list(question_ids), review_status=Question.Review.PROPOSED).update(
        review_status=status, is_active=approve, updated_at=timezone.now()
    )
    if changed:  # update() sends no post_save
        question_bank_changed()
    return changed


def _question_from_generated(
    item: GeneratedQuestion, *, type: str, level: str, language: str, is_follow_up: bool = False
) -> Question | None:
    """An unsaved, validated question, or None (logged) when the model's output does not validate."""
    question = Question(
        slug=_slug_for(item.text, prefix="follow-up" if is_follow_up else "ai", unique=True),
        language=language,
        type=type,
        level=level,
        difficulty=item.difficulty,
        text=item.text.strip(),
        tags=list(item.tags),
        key_points=list(item.key_points),
        sample_answer=item.sample_answer,
        expected_duration_seconds=item.expected_duration_seconds,
        is_ai_generated=True,
        is_follow_up=is_follow_up,
    )
    try:
        question.full_clean()
    except DjangoValidationError as exc:
        logger.warning("discarding a generated question that does not validate: %s", _error_messages(exc))
        return None
    return question


def question_create_follow_up(*, parent: Question, generated: GeneratedQuestion) -> Question:
    """Save a follow-up the AI wrote in reply to an answer to ``parent``. It gets
    an id like any question (interviews and answers refer to it) but stays out
    of browsing and selection; type, level and language follow the parent."""
    question = _question_from_generated(
        generated, type=parent.type, level=parent.level, language=parent.language, is_follow_up=True
    )
    if question is None:
        raise ValidationFailed(_("The generated follow-up question is not valid."), code="invalid_follow_up")
    question.save()
    return question


# --- Activation and statistics ---------------------------------------------------------------


def questions_set_active(*, question_ids: Iterable[Any], active: bool) -> int:
    """Show or hide questions; returns how many changed."""
    changed = Question.objects.filter(pk__in=list(question_ids), is_active=not active).update(
        is_active=active, updated_at=timezone.now()
    )
    if changed:  # update() sends no post_save
        question_bank_changed()
    return changed


def question_bank_changed() -> None:
    """Invalidate every cached question list and detail. Saves and deletes call it
    through signals; bulk writes, which send none, call it themselves. Usage and
    score statistics are not served by the API, so recording them does not."""
    version_bump(selectors.QUESTION_BANK_CACHE)


def questions_usage_record(*, question_ids: Iterable[Any]) -> int:
    """Count one more use of each question (call when an interview asks them)."""
    return Question.objects.filter(pk__in=list(question_ids)).update(usage_count=F("usage_count") + 1)


def question_score_record(*, question_id: Any, score: float) -> None:
    """Add one answer score (0-100) to the question's running average.

    One update computes the new total, count and average from the stored
    values, so concurrent evaluations never lose a score."""
    if not 0 <= score <= 100:
        raise ValidationFailed(details={"score": [_("Must be between 0 and 100.")]})
    object_id = parse_object_id(question_id)
    updated = object_id is not None and Question.objects.filter(pk=object_id).update(
        score_total=F("score_total") + score,
        score_count=F("score_count") + 1,
        average_score=(F("score_total") + score) / (F("score_count") + 1),
    )
    if not updated:
        raise NotFound(_("Question not found."))
