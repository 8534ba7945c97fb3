"""Spaced repetition of weak topics and criteria, fed by evaluated interview answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from ai.types import CRITERIA
from coaching.models import PracticeSchedule, ReviewItem
from interviews.models import Answer

PASS_SCORE = 70  # below: the item is scheduled again tomorrow; at or above: its interval grows
MIN_EASE = 1.3
SYNC_BATCH = 200


def _review_apply(*, schedule: PracticeSchedule, kind: str, name: str, score: float, at: datetime) -> None:
    """SM-2 on a 0-100 score: a weak result resets the item to one day, a good one multiplies its
    interval by the ease (1, 6, then interval x ease days); strong topics never seen weak are not scheduled."""
    item = next((item for item in schedule.items if item.kind == kind and item.name == name), None)
    if item is None:
        if score >= PASS_SCORE:
            return
        item = ReviewItem(kind=kind, name=name, reviewed_at=at, due_at=at)
        schedule.items = [*schedule.items, item]
    quality = max(0.0, min(5.0, score / 20))
    item.ease = max(MIN_EASE, item.ease + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
    if score < PASS_SCORE:
        item.repetitions = 0
        item.interval_days = 1.0
    else:
        item.repetitions += 1
        item.interval_days = (
            1.0 if item.repetitions == 1 else 6.0 if item.repetitions == 2 else item.interval_days * item.ease
        )
    item.last_score = float(score)
    item.reviewed_at = at
    item.due_at = at + timedelta(days=item.interval_days)


def practice_schedule_update(
    *, user: User, topic: str, score: float, kind: str = ReviewItem.Kind.TOPIC, at: datetime | None = None
) -> PracticeSchedule:
    """Record one result for a topic (or a rubric criterion with ``kind``) on the user's schedule."""
    schedule, _created = PracticeSchedule.objects.get_or_create(user=user)
    _review_apply(schedule=schedule, kind=kind, name=topic, score=score, at=at or timezone.now())
    schedule.save(update_fields=["items"])
    return schedule


def practice_schedule_sync(*, user: User) -> int:
    """Apply the answers evaluated since the last sync (their question tags and rubric criteria);
    returns how many were applied. Idempotent: the watermark only moves by a conditional write,
    so a concurrent sync that lost the race applies nothing."""
    schedule, _created = PracticeSchedule.objects.get_or_create(user=user)
    watermark = schedule.synced_until
    answers = Answer.objects.filter(user=user, evaluation_status=Answer.EvaluationStatus.DONE)
    if watermark:
        answers = answers.filter(evaluated_at__gt=watermark)
    batch = list(answers.select_related("question").order_by("evaluated_at")[:SYNC_BATCH])
    if not batch:
        return 0
    for answer in batch:
        at = answer.evaluated_at or timezone.now()
        if answer.score is not None:
            for tag in answer.question.tags:
                _review_apply(schedule=schedule, kind=ReviewItem.Kind.TOPIC, name=tag, score=answer.score, at=at)
        scores = answer.evaluation.get("scores", {})
        for criterion in CRITERIA:
            if criterion in scores:
                _review_apply(
                    schedule=schedule, kind=ReviewItem.Kind.CRITERION, name=criterion, score=scores[criterion], at=at
                )
    unchanged = Q(synced_until=watermark) if watermark else Q(synced_until__isnull=True)
    applied = PracticeSchedule.objects.filter(unchanged, pk=schedule.pk).update(
        items=schedule.items, synced_until=batch[-1].evaluated_at
    )
    return len(batch) if applied else 0
