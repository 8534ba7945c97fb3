"""Question bank reads: browsing, lookups, and picking questions for an interview."""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connections, router
from django.db.models import Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import ExperienceLevel
from kernel.api.fields import parse_object_id
from kernel.cache import versioned_key
from kernel.errors import NotFound
from questions import transfer
from questions.models import Question, Track

LEVELS: tuple[str, ...] = tuple(ExperienceLevel.values)
FALLBACK_LANGUAGE = Question.Language.EN
# Centre-out: a short interview stays near the middle of the level's range and a
# longer one widens towards the easiest and hardest questions.
DIFFICULTY_PREFERENCE = (3, 2, 4, 1, 5)
_DIFFICULTY_RANK = {difficulty: rank for rank, difficulty in enumerate(DIFFICULTY_PREFERENCE)}
# Enough candidates for any interview; the least-asked ones come first.
INTERVIEW_POOL_SIZE = 500
QUESTION_BANK_CACHE = "questions:bank"
_WORD = re.compile(r"\w+")


def _selectable() -> QuerySet[Question]:
    """The bank proper: follow-ups belong to the interview that produced them."""
    return Question.objects.filter(is_follow_up=False)


def _keywords(*phrases: str) -> set[str]:
    """Tag-shaped terms for free text: each phrase slugified whole ("system-design")
    and its words, so both multi-word tags and single-word tags can match."""
    terms: set[str] = set()
    for phrase in phrases:
        if whole := slugify(phrase):
            terms.add(whole)
        terms.update(word for word in _WORD.findall(phrase.casefold()) if len(word) > 1)
    return terms


def question_list(*, filters: Mapping[str, Any], include_inactive: bool = False) -> QuerySet[Question]:
    """Bank questions matching ``filters``: ``type``, ``level``, ``difficulty``,
    ``language``, ``tags`` (comma-separated, any of them) and ``search`` (in the text)."""
    queryset = _selectable() if include_inactive else _selectable().filter(is_active=True)
    exact = {name: filters[name] for name in ("type", "level", "difficulty", "language") if filters.get(name)}
    queryset = queryset.filter(**exact)
    tags = [tag.strip().casefold() for tag in str(filters.get("tags") or "").split(",") if tag.strip()]
    if tags:
        queryset = queryset.filter(tags__overlap=tags)
    if search := str(filters.get("search") or "").strip():
        queryset = queryset.filter(text__icontains=search)
    return queryset.order_by("-created_at", "-id")


def question_bank_cache_key(*parts: object) -> str:
    """A cache key for a bank response identified by ``parts``, valid until the
    bank changes (see services.question_bank_changed). The parts are hashed, so
    long filter values make short keys."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return versioned_key(QUESTION_BANK_CACHE, digest)


def question_get(*, question_id: Any, staff: bool = False) -> Question:
    """One question; 404 for a malformed or unknown id, and for an inactive one
    unless ``staff``. Follow-ups are served too: interviews list them by id."""
    object_id = parse_object_id(question_id)
    queryset = Question.objects.all() if staff else Question.objects.filter(is_active=True)
    question = queryset.filter(pk=object_id).first() if object_id else None
    if question is None:
        raise NotFound(_("Question not found."))
    return question


def questions_on_topic(
    *, type: str, level: str, language: str, topic: str, job_title: str, limit: int
) -> list[Question]:
    """Bank questions of this type and level whose tags or text match the topic or job title."""
    terms = _keywords(topic, job_title)
    if not terms:
        return []
    match = Q(tags__overlap=sorted(terms))
    if topic.strip():
        match |= Q(text__icontains=topic.strip())
    queryset = _selectable().filter(match, type=type, level=level, language=language)
    return list(queryset.order_by("-usage_count", "id")[:limit])


def question_text_keys_taken(*, text_keys: Iterable[str]) -> set[str]:
    """Which of these duplicate-check keys the bank already holds (inactive questions included)."""
    return set(_selectable().filter(text_key__in=list(text_keys)).values_list("text_key", flat=True))


def question_tags_top(*, limit: int = 20) -> list[tuple[str, int]]:
    """The most used tags in the bank with their counts, counted in the database."""
    pipeline = [
        {"$match": {"is_follow_up": False}},
        {"$unwind": "$tags"},
        {"$group": {"_id": "$tags", "count": {"$sum": 1}}},
        {"$sort": {"count": -1, "_id": 1}},
        {"$limit": limit},
    ]
    mongodb: Any = connections[router.db_for_read(Question)]
    collection = mongodb.get_collection(Question._meta.db_table)
    return [(row["_id"], row["count"]) for row in collection.aggregate(pipeline)]


def questions_for_interview(
    *,
    type: str,
    level: str,
    count: int,
    skills: Iterable[str] = (),
    job_title: str = "",
    exclude_ids: Iterable[Any] = (),
    language: str = FALLBACK_LANGUAGE,
    seed: int | None = None,
) -> list[Question]:
    """Up to ``count`` active bank questions for one interview, easiest first.

    Candidates are ranked in tiers, each used only when the ones before run out:
    not recently seen (``exclude_ids`` come last, rather than an interview
    short of questions), in ``language`` before English, at ``level`` before
    a neighbouring level, and with tags matching the skills or job title before
    the rest. Within a tier, picks rotate over difficulties (see
    DIFFICULTY_PREFERENCE) so the interview mixes them, and ties are broken by
    ``random.Random(seed)``: a fixed seed gives a repeatable selection.
    """
    rng = random.Random(seed)
    position = LEVELS.index(level)
    levels = [candidate for candidate in LEVELS if abs(LEVELS.index(candidate) - position) <= 1]
    excluded = {object_id for object_id in map(parse_object_id, exclude_ids) if object_id is not None}
    wanted = _keywords(job_title, *skills)
    candidates = Question.objects.filter(
        is_active=True,
        is_follow_up=False,
        type=type,
        level__in=levels,
        language__in=sorted({language, FALLBACK_LANGUAGE}),
    )
    if type == Question.Type.CODING and candidates.filter(coding__function__isnull=False).exists():
        # A coding round asks for code run against tests; prose coding questions serve banks without any.
        candidates = candidates.filter(coding__function__isnull=False)
    pool = candidates.order_by("usage_count", "id")[:INTERVIEW_POOL_SIZE]

    # tier -> difficulty -> [(preference key, question)]
    tiers: dict[tuple[bool, bool, int, bool], dict[int, list[tuple[tuple[int, float], Question]]]] = {}
    for question in pool:
        overlap = len(wanted.intersection(question.tags))
        tier = (
            question.pk in excluded,
            question.language != language,
            abs(LEVELS.index(question.level) - position),
            overlap == 0,
        )
        tiers.setdefault(tier, {}).setdefault(question.difficulty, []).append(((-overlap, rng.random()), question))

    picked: list[Question] = []
    used: Counter[int] = Counter()
    for tier in sorted(tiers):
        buckets = {
            difficulty: deque(question for _, question in sorted(items, key=lambda item: item[0]))
            for difficulty, items in tiers[tier].items()
        }
        while len(picked) < count and buckets:
            difficulty = min(buckets, key=lambda d: (used[d], _DIFFICULTY_RANK[d]))
            picked.append(buckets[difficulty].popleft())
            used[difficulty] += 1
            if not buckets[difficulty]:
                del buckets[difficulty]
    return sorted(picked, key=lambda question: question.difficulty)


def questions_by_ids(*, question_ids: Iterable[Any]) -> list[Question]:
    """Active bank questions with these ids, in the order given (unknown or inactive ones left out)."""
    ids = [object_id for object_id in map(parse_object_id, question_ids) if object_id is not None]
    found = {question.pk: question for question in _selectable().filter(pk__in=ids, is_active=True)}
    return [found[object_id] for object_id in ids if object_id in found]


def track_list(*, language: str = "", role: str = "") -> QuerySet[Track]:
    """Active tracks in staff's order, optionally of one language and for a target role (contains, any case)."""
    queryset = Track.objects.filter(is_active=True)
    if language:
        queryset = queryset.filter(language=language)
    return queryset.filter(target_role__icontains=role.strip()) if role.strip() else queryset


def track_get(*, track_id: Any) -> Track:
    """An active track; 404 for a malformed, unknown or inactive id."""
    object_id = parse_object_id(track_id)
    track = Track.objects.filter(pk=object_id, is_active=True).first() if object_id else None
    if track is None:
        raise NotFound(_("Track not found."))
    return track


def questions_export(*, queryset: QuerySet[Question], fmt: transfer.Format) -> str:
    """The questions as a file the import reads back (it ignores the statistics columns)."""
    return transfer.rows_dump(rows=(_export_row(question) for question in queryset.iterator()), fmt=fmt)


def _export_row(question: Question) -> dict[str, Any]:
    row = {name: getattr(question, name) for name in transfer.EXPORT_FIELDS}
    return {**row, "id": str(question.pk), "created_at": question.created_at.isoformat()}
