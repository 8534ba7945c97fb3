"""A fast, faithful fill for benchmarks/scale.py: interviews with their answers, users and tickets.

Documents are built by the same conversion the backend's insert compiler applies
to a model instance (each concrete field's ``pre_save`` then ``get_db_prep_save``,
stored under its column), then written with pymongo ``insert_many`` while the
collections' secondary indexes are dropped, and the indexes are built again from
their recorded specs afterwards: one index build per step instead of index
maintenance per document. ``shape_check`` writes clones of a sample through the
ORM's insert (``bulk_create``: the same compiler, no signals) and compares both
stored documents key by key and BSON type by BSON type.
"""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bson import ObjectId
from django.db import connections
from django.db.models import Model
from django.utils import timezone

from accounts.models import ExperienceLevel, User
from interviews.models import Answer, Interview, InterviewQuestion
from questions.models import Question
from support.models import Ticket, TicketMessage

HEAVY_INTERVIEWS = 200
INTERVIEWS_PER_USER = 10
QUESTIONS_PER_INTERVIEW = 5
INTERVIEWS_PER_TICKET = 20
BATCH = 2000
STATUS_MIX = {
    Interview.Status.COMPLETED: 0.80,
    Interview.Status.ABANDONED: 0.10,
    Interview.Status.IN_PROGRESS: 0.07,
    Interview.Status.EVALUATING: 0.03,
}
# Answers per interview by status: completed ones answer four of five questions.
ANSWERED = {
    Interview.Status.COMPLETED: 4,
    Interview.Status.EVALUATING: 4,
    Interview.Status.ABANDONED: 1,
    Interview.Status.IN_PROGRESS: 2,
}
FILLED_MODELS: tuple[type[Model], ...] = (User, Interview, Answer, Ticket)
SHAPE_SAMPLE = 3  # documents of each model compared with ORM-written ones per step


@dataclass
class Dataset:
    """What has been written so far, and the shapes every generated document copies."""

    rng: random.Random
    bank: dict[tuple[str, str], list[Question]]
    evaluation: dict[str, Any]
    result: dict[str, Any]
    answer_text: str
    password: str
    interviews: int = 0
    users: int = 0
    seconds: float = 0.0
    typical: User | None = None
    heavy: User | None = None
    staff: User | None = None
    written: dict[type[Model], list[Model]] = field(default_factory=dict)  # the last batch, for shape_check


def bank_load() -> dict[tuple[str, str], list[Question]]:
    bank: dict[tuple[str, str], list[Question]] = {}
    for question in Question.objects.filter(is_active=True, is_follow_up=False):
        bank.setdefault((question.type, question.level), []).append(question)
    return bank


# --- documents as the backend writes them -------------------------------------------------


def documents(objs: Sequence[Model]) -> list[dict[str, Any]]:
    """Each instance as ``SQLInsertCompiler.execute_sql`` turns it into a document."""
    connection = connections["default"]
    fields = objs[0]._meta.concrete_fields
    return [
        {field.column: field.get_db_prep_save(field.pre_save(obj, True), connection=connection) for field in fields}
        for obj in objs
    ]


def _collection(model: type[Model]) -> Any:
    return connections["default"].database[model._meta.db_table]  # type: ignore[attr-defined]


def insert(objs: Sequence[Model]) -> None:
    if objs:
        _collection(type(objs[0])).insert_many(documents(objs), ordered=False)


@contextmanager
def indexes_deferred(models: Sequence[type[Model]]) -> Iterator[None]:
    """Drop the secondary indexes while inserting; build them again, from the specs they had, after."""
    specs = {}
    for model in models:
        collection = _collection(model)
        specs[model] = [
            {key: value for key, value in spec.items() if key not in ("v", "ns")}
            for spec in collection.list_indexes()
            if spec["name"] != "_id_"
        ]
        collection.drop_indexes()
    try:
        yield
    finally:
        for model, indexes in specs.items():
            if indexes:
                connections["default"].database.command(  # type: ignore[attr-defined]
                    "createIndexes", model._meta.db_table, indexes=indexes
                )


def _shape(value: Any) -> Any:
    """Keys and BSON types, values dropped."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def shape_check(objs: Sequence[Model]) -> list[str]:
    """Write a clone of each bulk-written instance through the ORM and compare the two stored
    documents field by field; returns the differences (none when the fill is faithful)."""
    problems = []
    for obj in objs:
        model = type(obj)
        clone = copy.copy(obj)
        clone.pk = ObjectId()
        clone._state = copy.copy(obj._state)
        clone._state.adding = True
        # Keep unique keys unique: another email, or another interview for the same question.
        if isinstance(clone, User):
            clone.email = f"orm-{clone.email}"
        if isinstance(clone, Answer):
            clone.interview_id = ObjectId()
        model._default_manager.bulk_create([clone])  # the ORM's insert, without save signals' side effects
        collection = _collection(model)
        bulk, orm = collection.find_one({"_id": obj.pk}), collection.find_one({"_id": clone.pk})
        collection.delete_one({"_id": clone.pk})
        if bulk is None or orm is None:
            problems.append(f"{model.__name__} {obj.pk}: missing")
            continue
        bulk.pop("_id"), orm.pop("_id")
        if _shape(bulk) != _shape(orm):
            problems.append(f"{model.__name__}: bulk {_shape(bulk)} != ORM {_shape(orm)}")
    return problems


# --- generated data -----------------------------------------------------------------------


def _users_new(data: Dataset, count: int, *, role: str = User.Role.USER, prefix: str = "user") -> list[User]:
    now = timezone.now()
    users = [
        User(
            pk=ObjectId(),
            email=f"{prefix}{data.users + n}@example.com",
            name=f"Candidate {data.users + n}",
            role=role,
            experience_level=data.rng.choice(ExperienceLevel.values),
            password=data.password,
            is_email_verified=data.rng.random() < 0.8,
            date_joined=now - timedelta(days=data.rng.uniform(0, 400)),
        )
        for n in range(count)
    ]
    data.users += count
    for batch in _batched(iter(users), BATCH):
        insert(batch)
    data.written[User] = list[Model](users[-SHAPE_SAMPLE:])
    return users


def _interview_with_answers(data: Dataset, user: User) -> tuple[Interview, list[Answer]]:
    rng = data.rng
    status = rng.choices(list(STATUS_MIX), weights=list(STATUS_MIX.values()))[0]
    kind, level = rng.choice(list(data.bank))
    picked = rng.sample(data.bank[kind, level], min(QUESTIONS_PER_INTERVIEW, len(data.bank[kind, level])))
    answered = min(ANSWERED[status], len(picked))
    started = timezone.now() - timedelta(minutes=rng.uniform(30, 365 * 24 * 60))
    completed = status == Interview.Status.COMPLETED
    score = round(rng.uniform(20, 95), 1) if completed else None
    interview = Interview(
        pk=ObjectId(),
        user_id=user.pk,
        type=kind,
        level=level,
        status=status,
        questions=[
            InterviewQuestion(
                question_id=question.pk,
                order=order,
                text=question.text,
                type=question.type,
                status=InterviewQuestion.Status.ANSWERED if order < answered else InterviewQuestion.Status.PENDING,
            )
            for order, question in enumerate(picked)
        ],
        started_at=started,
        completed_at=started + timedelta(minutes=25) if completed else None,
        overall_score=score,
        result={**data.result, "overall_score": score} if completed else {},
    )
    evaluated = status in (Interview.Status.COMPLETED, Interview.Status.EVALUATING)
    answers = [
        Answer(
            pk=ObjectId(),
            interview_id=interview.pk,
            user_id=user.pk,
            question_id=question.pk,
            text=data.answer_text,
            evaluation_status=Answer.EvaluationStatus.DONE if evaluated else Answer.EvaluationStatus.PENDING,
            evaluation=data.evaluation if evaluated else {},
            score=round(rng.uniform(20, 95), 1) if evaluated else None,
            attempts=1 if evaluated else 0,
            created_at=started + timedelta(minutes=4 * order),
            evaluated_at=started + timedelta(minutes=4 * order + 1) if evaluated else None,
        )
        for order, question in enumerate(picked[:answered])
    ]
    return interview, answers


def _ticket(data: Dataset, user: User) -> Ticket:
    created = timezone.now() - timedelta(days=data.rng.uniform(0, 365))
    return Ticket(
        pk=ObjectId(),
        user_id=user.pk,
        subject=f"Question about my interview {data.rng.randrange(10**6)}",
        status=data.rng.choice(Ticket.Status.values),
        priority=data.rng.choice(Ticket.Priority.values),
        messages=[TicketMessage(body="The result page shows no score.", author_id=user.pk, created_at=created)],
        created_at=created,
        updated_at=created,
        last_user_message_at=created,
    )


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def fill(data: Dataset, *, to: int) -> None:
    """Add interviews up to ``to`` in total: the heavy user's first, then about ten per new user."""
    started = time.perf_counter()
    with indexes_deferred(FILLED_MODELS):
        if data.heavy is None:
            data.staff = _users_new(data, 1, role=User.Role.ADMIN, prefix="staff")[0]
            data.heavy = _users_new(data, 1, prefix="heavy")[0]
        missing = to - data.interviews
        owners = [data.heavy] * (HEAVY_INTERVIEWS - data.interviews if data.interviews < HEAVY_INTERVIEWS else 0)
        users = _users_new(data, max(1, (missing - len(owners)) // INTERVIEWS_PER_USER))
        data.typical = data.typical or users[0]
        owners += [data.typical] * INTERVIEWS_PER_USER if data.interviews == 0 else []
        owners += [data.rng.choice(users) for _ in range(missing - len(owners))]
        for batch in _batched(iter(owners), BATCH):
            pairs = [_interview_with_answers(data, user) for user in batch]
            answers = [answer for _, answers in pairs for answer in answers]
            tickets = [_ticket(data, user) for user in batch[::INTERVIEWS_PER_TICKET]]
            insert([interview for interview, _ in pairs])
            insert(answers)
            insert(tickets)
            data.written[Interview] = [pairs[-1][0]]
            data.written[Answer] = list[Model](answers[-SHAPE_SAMPLE:])
            data.written[Ticket] = list[Model](tickets[-1:])
    data.interviews = to
    data.seconds = time.perf_counter() - started


def sample_written(data: Dataset) -> list[Model]:
    """A few instances of each model from the last fill, for ``shape_check``."""
    return [obj for objs in data.written.values() for obj in objs[:SHAPE_SAMPLE]]
