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
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
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

from accounts.admin_lists import COUNT_CAP, OWNER_SEARCH_LIMIT
from accounts.models import User
from benchmarks.fill import FILLED_MODELS, Dataset, bank_load, fill, sample_written, shape_check
from interviews.admin import AnswerAdmin, InterviewAdmin
from interviews.models import Answer, Interview
from questions.models import Question
from support.admin import TicketAdmin
from support.models import Ticket

PASSWORD = "bench-pass-phrase-2026"
PAGE_SIZE = 100  # the admin's list_per_page
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


def dataset_prepare(rng: random.Random) -> Dataset:
    """Run one complete interview through the API and keep its evaluation and result
    as the shapes every generated document copies."""
    run_flow(0)
    template = Interview.objects.get(user__email="bench0@example.com")
    answer = Answer.objects.filter(interview=template).first()
    assert answer is not None and template.status == Interview.Status.COMPLETED
    return Dataset(
        rng=rng,
        bank=bank_load(),
        evaluation=answer.evaluation,
        result=template.result,
        answer_text=answer.text,
        password=make_password(PASSWORD),
    )


def _api_client(email: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/login/", {"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.content[:300]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    return client


@dataclass
class Page:
    """One measured request and, for admin pages, its bare-pymongo reference."""

    label: str
    client: Any
    path: str
    reference: Callable[[], None] | None = None


def _db() -> Any:
    return connections["default"].database  # type: ignore[attr-defined]


def _reference(
    collection: str,
    query: Callable[[], dict[str, Any]],
    sort: list[tuple[str, int]],
    *,
    related: tuple[tuple[str, str], ...] = (),
    exclude: tuple[str, ...] = (),
    extra: Callable[[], None] | None = None,
) -> Callable[[], None]:
    """What the changelist needs, through pymongo alone: its filter and sort, one page of rows
    without the deferred fields, the owners (or other related rows) those rows show, and the
    count the page prints (capped as the admin caps it)."""

    def run() -> None:
        database = _db()
        found = query()
        projection = dict.fromkeys(exclude, 0) or None
        rows = list(database[collection].find(found, projection).sort(sort).limit(PAGE_SIZE))
        for column, target in related:
            ids = list({row[column] for row in rows if row.get(column)})
            list(database[target].find({"_id": {"$in": ids}}))
        database[collection].count_documents(found, limit=COUNT_CAP + 1)
        if extra:
            extra()

    return run


def _since(days: int = 7) -> dict[str, Any]:
    return {"$gte": timezone.now() - timedelta(days=days)}


def _owners(term: str) -> list[ObjectId]:
    users = _db()[User._meta.db_table].find({"email": {"$regex": re.escape(term), "$options": "i"}}, {"_id": 1})
    return [user["_id"] for user in users.limit(OWNER_SEARCH_LIMIT)]


def endpoints(data: Dataset) -> list[Page]:
    """Every measured request: the API as a heavy and a typical user, then each admin changelist
    unfiltered, searched by owner and filtered, each with its reference."""
    assert data.heavy and data.typical and data.staff
    pages: list[Page] = []
    for label, user in (("heavy", data.heavy), ("typical", data.typical)):
        client = _api_client(user.email)
        done = Interview.objects.filter(user=user, status=Interview.Status.COMPLETED).first()
        assert done is not None
        pages += [
            Page(f"history ({label})", client, "/api/v1/interviews/"),
            Page(f"history ?status ({label})", client, "/api/v1/interviews/?status=completed"),
            Page(f"result ({label})", client, f"/api/v1/interviews/{done.pk}/result/"),
            Page(f"stats ({label})", client, "/api/v1/users/me/stats/"),
        ]
    admin = Client()
    admin.force_login(data.staff)
    email = data.typical.email
    interviews, answers = Interview._meta.db_table, Answer._meta.db_table
    users, tickets, questions = User._meta.db_table, Ticket._meta.db_table, Question._meta.db_table
    by_started, by_created = [("started_at", -1), ("_id", -1)], [("created_at", 1), ("_id", -1)]
    interview_kw: dict[str, Any] = {"related": (("user_id", users),), "exclude": InterviewAdmin.list_deferred}
    answer_kw: dict[str, Any] = {
        "related": (("user_id", users), ("question_id", questions)),
        "exclude": AnswerAdmin.list_deferred,
    }
    ticket_kw: dict[str, Any] = {
        "related": (("user_id", users), ("assignee_id", users)),
        "exclude": TicketAdmin.list_deferred,
        "extra": lambda: list(_db()[tickets].aggregate([{"$group": {"_id": "$status", "n": {"$sum": 1}}}])),
    }
    user_kw: dict[str, Any] = {
        # date_hierarchy: the years users joined in
        "extra": lambda: list(_db()[users].aggregate([{"$group": {"_id": {"$year": "$date_joined"}}}])),
    }
    specs: list[tuple[str, str, Callable[[], None]]] = [
        ("interviews", "", _reference(interviews, lambda: {"started_at": _since()}, by_started, **interview_kw)),
        (
            "interviews ?q",
            f"?q={email}",
            _reference(
                interviews,
                lambda: {"user_id": {"$in": _owners(email)}, "started_at": _since()},
                by_started,
                **interview_kw,
            ),
        ),
        (
            "interviews ?status",
            "?status__exact=completed",
            _reference(interviews, lambda: {"status": "completed", "started_at": _since()}, by_started, **interview_kw),
        ),
        ("interviews all time", "?period=all", _reference(interviews, dict, by_started, **interview_kw)),
        ("answers", "", _reference(answers, lambda: {"created_at": _since()}, by_created, **answer_kw)),
        (
            "answers ?q",
            f"?q={email}",
            _reference(
                answers, lambda: {"user_id": {"$in": _owners(email)}, "created_at": _since()}, by_created, **answer_kw
            ),
        ),
        (
            "answers ?evaluation_status",
            "?evaluation_status__exact=done",
            _reference(answers, lambda: {"evaluation_status": "done", "created_at": _since()}, by_created, **answer_kw),
        ),
        ("answers all time", "?period=all", _reference(answers, dict, by_created, **answer_kw)),
        ("users", "", _reference(users, dict, [("date_joined", -1), ("_id", -1)], **user_kw)),
        (
            "users ?q",
            f"?q={email}",
            _reference(
                users,
                lambda: {
                    "$or": [
                        {"email": {"$regex": re.escape(email), "$options": "i"}},
                        {"name": {"$regex": re.escape(email), "$options": "i"}},
                    ]
                },
                [("date_joined", -1), ("_id", -1)],
                **user_kw,
            ),
        ),
        (
            "users ?role",
            "?role__exact=admin",
            _reference(users, lambda: {"role": "admin"}, [("date_joined", -1), ("_id", -1)], **user_kw),
        ),
        ("questions", "", _reference(questions, dict, [("created_at", -1), ("_id", -1)])),
        (
            "questions ?type",
            "?type__exact=technical",
            _reference(questions, lambda: {"type": "technical"}, [("created_at", -1), ("_id", -1)]),
        ),
        ("tickets", "", _reference(tickets, dict, [("last_user_message_at", -1), ("_id", -1)], **ticket_kw)),
        (
            "tickets ?q",
            f"?q={email}",
            _reference(
                tickets,
                lambda: {
                    "$or": [
                        {"subject": {"$regex": re.escape(email), "$options": "i"}},
                        {"user_id": {"$in": _owners(email)}},
                    ]
                },
                [("last_user_message_at", -1), ("_id", -1)],
                **ticket_kw,
            ),
        ),
        (
            "tickets ?status",
            "?status__exact=new",
            _reference(tickets, lambda: {"status": "new"}, [("last_user_message_at", -1), ("_id", -1)], **ticket_kw),
        ),
    ]
    paths = {"interviews": "interviews/interview", "answers": "interviews/answer", "users": "accounts/user",
             "questions": "questions/question", "tickets": "support/ticket"}  # fmt: skip
    for label, query, reference in specs:
        pages.append(Page(f"admin {label}", admin, f"/admin/{paths[label.split()[0]]}/{query}", reference))
    return pages


def _timed(call: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(
    data: Dataset, log: CommandLog, timings: dict[str, list[float]], *, repeat: int, admin_repeat: int, admin: bool
) -> dict[str, list[dict[str, Any]]]:
    """Time every endpoint ``repeat`` times (admin pages and their references ``admin_repeat``)
    after one warm-up request whose commands are kept."""
    sent: dict[str, list[dict[str, Any]]] = {}
    for page in endpoints(data):
        if page.reference and not admin:
            continue
        log.capturing, log.commands = True, []
        response = page.client.get(page.path)
        log.capturing = False
        assert response.status_code == 200, (page.label, response.status_code, response.content[:300])
        sent[page.label] = log.commands
        timings[page.label] = _timed(partial(page.client.get, page.path), admin_repeat if page.reference else repeat)
        if page.reference:
            page.reference()  # warm-up
            timings[f"{page.label} [reference]"] = _timed(page.reference, admin_repeat)
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


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _ratio(timings: dict[str, list[float]], label: str) -> str:
    reference = timings.get(f"{label} [reference]")
    return f"{statistics.median(timings[label]) / statistics.median(reference):.1f}x" if reference else "-"


def _summary(timings: dict[int, dict[str, list[float]]], sizes: list[int]) -> None:
    """The README's rows: p50 / p95 per size, then (admin pages) the reference and the ratio of p50s."""
    print("\n== README rows: p50 / p95 ms per size; admin pages: page, reference, page/reference at p50")
    header = " | ".join(f"{size // 1000}k" for size in sizes)
    print(f"| request | {header} |\n|---|" + "---|" * len(sizes))
    for label in timings[sizes[0]]:
        if label.endswith("[reference]"):
            continue
        cells = []
        for size in sizes:
            step = timings[size]
            cell = _cell(step[label])
            if f"{label} [reference]" in step:
                cell += f"; ref {_cell(step[f'{label} [reference]'])}; {_ratio(step, label)}"
            cells.append(cell)
        print(f"| {label} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="interview counts to fill to, ascending")
    parser.add_argument("--repeat", type=int, default=15, help="timed API requests per endpoint and size")
    parser.add_argument("--admin-repeat", type=int, default=5, help="timed requests per admin page and size")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--commands", action="store_true", help="print every distinct command in full")
    parser.add_argument("--fill-only", action="store_true", help="fill and check the documents, measure nothing")
    parser.add_argument("--api-only", action="store_true", help="measure the API, not the admin pages")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    log = CommandLog()
    monitoring.register(log)  # before the first connection: listeners are fixed when a client is created
    databases_create()
    data = dataset_prepare(random.Random(args.seed))
    timings: dict[int, dict[str, list[float]]] = {}
    for size in sizes:
        load_before = _load()
        fill(data, to=size)
        problems = shape_check(sample_written(data))
        assert not problems, "bulk-written documents differ from ORM-written ones:\n" + "\n".join(problems)
        # From the collections' metadata: a counting scan of 100k documents holds the embedded server
        # long enough for the driver's heartbeat to give up on it and cancel the operation.
        counts = {model.__name__: _db()[model._meta.db_table].estimated_document_count() for model in FILLED_MODELS}
        print(
            f"\n== {size} interviews: {counts}, filled in {data.seconds:.0f} s "
            f"(documents match ORM-written ones), load average {load_before} -> {_load()}"
        )
        if args.fill_only:
            continue
        started = time.perf_counter()
        timings[size] = {}
        sent = measure(
            data, log, timings[size], repeat=args.repeat, admin_repeat=args.admin_repeat, admin=not args.api_only
        )
        print(f"measured in {time.perf_counter() - started:.0f} s, load average now {_load()}")
        print(f"{'endpoint':<40}{'p50 / p95 ms':>16}{'commands':>10}{'x reference':>13}")
        for label, values in timings[size].items():
            commands = len(sent[label]) if label in sent else ""
            print(f"{label:<40}{_cell(values):>16}{commands:>10}{_ratio(timings[size], label):>13}")
        _plans_print(explain(sent), size=size, full=args.commands)

    if timings:
        _summary(timings, sizes)


if __name__ == "__main__":
    main()
