"""Latency and query plans of the read paths as the database grows.

Fills a throwaway embedded SecantusDB to 1k, 10k and 100k interviews (answers,
users and support tickets in proportion), and at each size measures p50/p95 of
interview history, a result and the stats of a heavy user (a fixed 200
interviews) and a typical one (about 10), and the staff admin changelists with
a search and a filter each. Both users own the same data at every size, so
flat figures mean the cost follows the caller's data, not the database's.

Every MongoDB command a measured request sends is captured (pymongo command
monitoring), explained, and checked against the collection's indexes: an
index whose key prefix holds the filter's equality fields, then the sort.

    .venv/bin/python benchmarks/scale.py [--sizes 1000,10000,100000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from django.contrib.auth.hashers import make_password
from django.db import connections
from django.test import Client
from django.utils import timezone
from harness import databases_create
from interview_flow import run_flow
from pymongo import monitoring
from rest_framework.test import APIClient

from accounts.models import ExperienceLevel, User
from interviews.models import Answer, Interview, InterviewQuestion
from questions.models import Question
from support.models import Ticket, TicketMessage

PASSWORD = "bench-pass-phrase-2026"
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
MONGODB_READS = {"find", "aggregate", "count", "distinct"}


class CommandLog(monitoring.CommandListener):
    """Every read command sent while ``capturing`` is set, as the driver sent it."""

    def __init__(self) -> None:
        self.capturing = False
        self.commands: list[dict[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.capturing and event.command_name in MONGODB_READS:
            self.commands.append(dict(event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@dataclass
class Dataset:
    """What has been written so far, and the shapes cloned from one real interview flow."""

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
    timings: dict[int, dict[str, list[float]]] = field(default_factory=dict)


def dataset_prepare(rng: random.Random) -> Dataset:
    """Run one complete interview through the API and keep its evaluation and result
    as the shapes every generated document copies."""
    run_flow(0)
    template = Interview.objects.get(user__email="bench0@example.com")
    answer = Answer.objects.filter(interview=template).first()
    assert answer is not None and template.status == Interview.Status.COMPLETED
    bank: dict[tuple[str, str], list[Question]] = {}
    for question in Question.objects.filter(is_active=True, is_follow_up=False):
        bank.setdefault((question.type, question.level), []).append(question)
    return Dataset(
        rng=rng,
        bank=bank,
        evaluation=answer.evaluation,
        result=template.result,
        answer_text=answer.text,
        password=make_password(PASSWORD),
    )


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
    User.objects.bulk_create(users, batch_size=BATCH)
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
        Interview.objects.bulk_create([interview for interview, _ in pairs])
        Answer.objects.bulk_create([answer for _, answers in pairs for answer in answers], batch_size=BATCH)
        tickets = [_ticket(data, user) for user in batch[::INTERVIEWS_PER_TICKET]]
        Ticket.objects.bulk_create(tickets)
    data.interviews = to
    data.seconds = time.perf_counter() - started


def _api_client(email: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/login/", {"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.content[:300]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    return client


def endpoints(data: Dataset) -> list[tuple[str, Any, str]]:
    """(label, client, path) of every measured request."""
    assert data.heavy and data.typical and data.staff
    rows: list[tuple[str, Any, str]] = []
    for label, user in (("heavy", data.heavy), ("typical", data.typical)):
        client = _api_client(user.email)
        done = Interview.objects.filter(user=user, status=Interview.Status.COMPLETED).first()
        assert done is not None
        rows += [
            (f"history ({label})", client, "/api/v1/interviews/"),
            (f"history ?status ({label})", client, "/api/v1/interviews/?status=completed"),
            (f"result ({label})", client, f"/api/v1/interviews/{done.pk}/result/"),
            (f"stats ({label})", client, "/api/v1/users/me/stats/"),
        ]
    admin = Client()
    admin.force_login(data.staff)
    search = data.typical.email
    for name, path, lookup in (
        ("interviews", "interviews/interview", "status__exact=completed"),
        ("answers", "interviews/answer", "evaluation_status__exact=done"),
        ("users", "accounts/user", "role__exact=admin"),
        ("questions", "questions/question", "type__exact=technical"),
        ("tickets", "support/ticket", "status__exact=new"),
    ):
        term = "python" if name == "questions" else search
        rows += [
            (f"admin {name}", admin, f"/admin/{path}/"),
            (f"admin {name} ?q", admin, f"/admin/{path}/?q={term}"),
            (f"admin {name} ?filter", admin, f"/admin/{path}/?{lookup}"),
        ]
    return rows


def measure(data: Dataset, log: CommandLog, *, repeat: int, admin_repeat: int) -> dict[str, list[dict[str, Any]]]:
    """Time every endpoint ``repeat`` times (admin pages ``admin_repeat``) after one
    warm-up request whose commands are kept."""
    sent: dict[str, list[dict[str, Any]]] = {}
    timings = data.timings.setdefault(data.interviews, {})
    for label, client, path in endpoints(data):
        log.capturing, log.commands = True, []
        response = client.get(path)
        log.capturing = False
        assert response.status_code == 200, (label, response.status_code, response.content[:300])
        sent[label] = log.commands
        for _ in range(admin_repeat if label.startswith("admin") else repeat):
            started = time.perf_counter()
            client.get(path)
            timings.setdefault(label, []).append((time.perf_counter() - started) * 1000)
    return sent


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _cell(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} / {_percentile(values, 0.95):.0f}"


# --- query plans -----------------------------------------------------------------

RANGE_OPERATORS = {"$gt", "$gte", "$lt", "$lte"}
EQUALITY_OPERATORS = {"$eq", "$in"}


def _query_shape(command: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, int]]]:
    """The filter's fields (kind: equality, range or other) and the sort, as the
    index would serve them: a find's filter and sort, or an aggregate's leading
    $match and the $sort that follows it."""
    if "find" in command:
        return _filter_fields(command.get("filter", {})), list(command.get("sort", {}).items())
    if "count" in command:
        return _filter_fields(command.get("query", {})), []
    pipeline = command.get("pipeline", [])
    fields = _filter_fields(pipeline[0]["$match"]) if pipeline and "$match" in pipeline[0] else {}
    sort: list[tuple[str, int]] = []
    for stage in pipeline[1:] if fields else pipeline:
        if "$sort" in stage:
            sort = list(stage["$sort"].items())
            break
        if not {"$match", "$project", "$addFields"} & stage.keys():
            break  # past a $lookup or $group an index no longer serves the sort
    return fields, sort


def _filter_fields(query: dict[str, Any]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, value in query.items():
        if key == "$and":
            for part in value:
                fields.update(_filter_fields(part))
        elif key == "$expr":
            fields.update(_expr_fields(value))
        elif key.startswith("$"):
            fields[key] = "other"
        elif isinstance(value, dict) and value and all(op.startswith("$") for op in value):
            operators = value.keys()
            fields[key] = (
                "equality" if operators <= EQUALITY_OPERATORS else "range" if operators <= RANGE_OPERATORS else "other"
            )
        else:
            fields[key] = "equality"
    return fields


def _expr_fields(expr: Any) -> dict[str, str]:
    """``{$eq: ["$field", value]}`` and the like, as the backend writes lookups inside $expr."""
    if not isinstance(expr, dict) or len(expr) != 1:
        return {"$expr": "other"}
    ((operator, operands),) = expr.items()
    if operator == "$and":
        return {name: kind for part in operands for name, kind in _expr_fields(part).items()}
    is_field = isinstance(operands, list) and len(operands) == 2 and isinstance(operands[0], str)
    if is_field and operands[0].startswith("$") and operator in EQUALITY_OPERATORS | RANGE_OPERATORS:
        return {operands[0][1:]: "equality" if operator in EQUALITY_OPERATORS else "range"}
    return {"$expr": "other"}


def index_coverage(command: dict[str, Any], indexes: list[dict[str, Any]]) -> str:
    """Which index serves the query: the one whose key prefix holds the most equality
    fields (or starts with a range field), and whether the keys after them give the sort."""
    fields, sort = _query_shape(command)
    equality = {name for name, kind in fields.items() if kind == "equality"}
    ranges = {name for name, kind in fields.items() if kind == "range"}
    unindexable = sorted(name for name, kind in fields.items() if kind == "other")
    if not fields and not sort:
        return "whole collection (no filter, no sort)"
    candidates = []
    for index in indexes:
        keys = list(index["key"].items())
        prefix = 0
        while prefix < len(keys) and keys[prefix][0] in equality:
            prefix += 1
        rest = keys[prefix:]
        sorted_by_index = bool(sort) and (
            rest[: len(sort)] == sort or rest[: len(sort)] == [(name, -direction) for name, direction in sort]
        )
        ranged = bool(rest) and rest[0][0] in ranges
        if prefix or sorted_by_index or ranged:
            candidates.append((prefix, sorted_by_index, ranged, index["name"]))
    if not candidates:
        return f"unindexable filter ({', '.join(unindexable)}): scans" if unindexable else "NO INDEX"
    prefix, sorted_by_index, _, name = max(candidates)
    notes = [] if prefix == len(equality) else [f"{len(equality) - prefix} equality field(s) filtered after"]
    if sort and not sorted_by_index:
        notes.append("sort in memory")
    if unindexable:
        notes.append(f"unindexable {', '.join(unindexable)}")
    return f"covered by index {name}" + (f" ({'; '.join(notes)})" if notes else "")


def plan_summary(plan: Any) -> str:
    """The winning plan's access stages, e.g. ``IXSCAN interview_user_started_idx``."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            stage = node.get("stage")
            if stage in ("IXSCAN", "COLLSCAN", "COUNT_SCAN", "IDHACK", "EOF"):
                found.append(f"{stage} {node.get('indexName', '')}".strip())
            for key, value in node.items():
                if key not in ("rejectedPlans", "executionStats", "command"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(plan)
    return ", ".join(dict.fromkeys(found)) or "no access stage reported"


def explain(sent: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str, str, str, str]]:
    """(endpoint, command, plan, coverage) per distinct command."""
    connection: Any = connections["default"]
    database = connection.database
    rows = []
    seen: set[str] = set()
    for label, commands in sent.items():
        for command in commands:
            name = next(iter(command))
            collection = command[name]
            body = {key: value for key, value in command.items() if not key.startswith(("$", "lsid", "txn"))}
            summary = _command_text(body)
            if summary in seen:
                continue
            seen.add(summary)
            plan = plan_summary(database.command("explain", body, verbosity="queryPlanner"))
            coverage = index_coverage(body, list(database[collection].list_indexes()))
            rows.append((label, f"{name} {collection}", summary, plan, coverage))
    return rows


def _command_text(body: dict[str, Any]) -> str:
    """The command without its values, so repeats with other ids collapse."""

    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        if isinstance(value, list):
            return [shape(item) for item in value]
        return "?" if isinstance(value, ObjectId | datetime | int | float | str) else value

    name = next(iter(body))
    parts = {key: shape(value) for key, value in body.items() if key in ("filter", "sort", "pipeline", "query")}
    return f"{name} {body[name]} {parts}"[:400]


def _plans_print(plans: list[tuple[str, str, str, str, str]], *, size: int, full: bool) -> None:
    print(f"\nQuery plans at {size} interviews (SecantusDB explain; coverage from list_indexes)")
    for label, command, text, plan, coverage in plans:
        print(f"{label:<28} {command:<31} {plan:<46} {coverage}")
        if full:
            print(f"    {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="interview counts to fill to, ascending")
    parser.add_argument("--repeat", type=int, default=15, help="timed API requests per endpoint and size")
    parser.add_argument("--admin-repeat", type=int, default=5, help="timed requests per admin page and size")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--commands", action="store_true", help="print every distinct command in full")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    log = CommandLog()
    monitoring.register(log)  # before the first connection: listeners are fixed when a client is created
    databases_create()
    data = dataset_prepare(random.Random(args.seed))
    for size in sizes:
        fill(data, to=size)
        counts = {model.__name__: model.objects.count() for model in (User, Interview, Answer, Ticket)}
        print(f"\n== {size} interviews: {counts}, filled in {data.seconds:.0f} s")
        sent = measure(data, log, repeat=args.repeat, admin_repeat=args.admin_repeat)
        print(f"{'endpoint':<34}{'p50 / p95 ms':>16}{'commands':>10}")
        for label, values in data.timings[size].items():
            print(f"{label:<34}{_cell(values):>16}{len(sent[label]):>10}")
        _plans_print(explain(sent), size=size, full=args.commands)

    print("\n== Summary: p50 / p95 ms")
    print(f"{'endpoint':<34}" + "".join(f"{size:>16}" for size in sizes))
    for label in data.timings[sizes[0]]:
        print(f"{label:<34}" + "".join(f"{_cell(data.timings[size][label]):>16}" for size in sizes))


if __name__ == "__main__":
    main()
