"""Interviews and evaluated answers for a demo history (``analytics.services.demo`` orchestrates it).

Thousands of documents are inserted in bulk, so no signal runs; the caller records
the events they stand for from the documents returned."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bson import ObjectId

from ai.types import CRITERIA
from interviews.models import Answer, Interview, InterviewQuestion
from kernel.db.collections import collection_for
from questions.models import Question

BATCH = 1000
DEMO_ANSWER = "A demo answer about the trade-offs involved."


@dataclass(frozen=True)
class DemoCandidate:
    pk: ObjectId
    joined: datetime
    skill: float  # the score their answers centre on


def demo_interviews_create(
    *, rng: random.Random, people: list[DemoCandidate], count: int, now: datetime
) -> tuple[list[Interview], list[Answer]]:
    """``count`` interviews on the active bank, started after their candidate joined: recent ones in progress,
    most older ones completed with an answer to every question, the rest abandoned part-way."""
    bank: dict[tuple[str, str], list[tuple[ObjectId, int, str]]] = {}
    for pk, type_, level, difficulty, text in Question.objects.filter(is_active=True, is_follow_up=False).values_list(
        "pk", "type", "level", "difficulty", "text"
    ):
        bank.setdefault((type_, level), []).append((pk, difficulty, text))
    kinds = [kind for kind, questions in bank.items() if len(questions) >= 3]
    interviews, answers = [], []
    for _ in range(count):
        person = rng.choice(people)
        started = person.joined + (now - person.joined) * rng.random() ** 0.8
        type_, level = rng.choice(kinds)
        asked = rng.sample(bank[(type_, level)], k=min(5, len(bank[(type_, level)])))
        age = now - started
        outcome = rng.random()
        status = (
            Interview.Status.IN_PROGRESS
            if age < timedelta(hours=2)
            else Interview.Status.COMPLETED
            if outcome < 0.72
            else Interview.Status.ABANDONED
        )
        answered = asked if status == Interview.Status.COMPLETED else asked[: rng.randint(0, len(asked) - 1)]
        interview = Interview(
            pk=ObjectId(), user_id=person.pk, type=type_, level=level, status=status, started_at=started,
            questions=[
                InterviewQuestion(
                    question_id=pk, order=order, text=text, type=type_,
                    status=InterviewQuestion.Status.ANSWERED if (pk, difficulty, text) in answered
                    else InterviewQuestion.Status.SKIPPED,
                )
                for order, (pk, difficulty, text) in enumerate(asked, start=1)
            ],
        )  # fmt: skip
        scores = []
        for offset, (question_id, difficulty, _text) in enumerate(answered, start=1):
            at = started + timedelta(minutes=4 * offset + rng.randint(0, 3))
            score = _clamp(person.skill - (difficulty - 3) * 8 + rng.gauss(0, 12))
            scores.append(score)
            answers.append(
                Answer(
                    interview_id=interview.pk, user_id=person.pk, question_id=question_id, text=DEMO_ANSWER,
                    evaluation_status=Answer.EvaluationStatus.DONE, score=score, created_at=at,
                    evaluated_at=at + timedelta(seconds=20), attempts=1,
                    evaluation={"scores": {name: _clamp(score + rng.gauss(0, 8)) for name in CRITERIA}},
                )
            )  # fmt: skip
        if status == Interview.Status.COMPLETED:
            interview.completed_at = started + timedelta(minutes=4 * len(asked) + 5)
            interview.overall_score = round(sum(scores) / len(scores), 1)
        interviews.append(interview)
    Interview.objects.bulk_create(interviews, batch_size=BATCH)
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    return interviews, answers


def _clamp(score: float) -> int:
    return round(min(100.0, max(0.0, score)))


def demo_interviews_delete(*, user_ids: list[ObjectId]) -> None:
    """Raw deletes of these candidates' answers and interviews: a cascade over thousands is slow."""
    for model in (Answer, Interview):
        collection_for(model, write=True).delete_many({"user_id": {"$in": user_ids}})
