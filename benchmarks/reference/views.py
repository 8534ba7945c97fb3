"""Reference views for benchmarks/load.py: the API's reads with nothing but pymongo
(or one SQL statement) and ``json.dumps``: no ORM, no DRF.

Each one authenticates and queries as its API counterpart does (decode the
access token, load the active user, then count and fetch the page or the
document), so the API's throughput divided by its reference's is the price
of the framework layers. Served only under benchmarks.settings.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import jwt
from bson import ObjectId
from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from pymongo import DESCENDING, MongoClient
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from interviews.tasks import evaluate_answer_task

PAGE_SIZE = 20
QUESTION_FIELDS = ("type", "level", "difficulty", "text", "tags", "expected_duration_seconds")
INTERVIEW_FIELDS = ("type", "level", "job_title", "job_description", "skills", "status", "overall_score")


@functools.cache
def _db() -> Database[dict[str, Any]]:
    """One client per gunicorn worker, created after the fork."""
    config = settings.DATABASES["default"]
    return MongoClient(config["HOST"])[config["NAME"]]


def _json(payload: Any, status: int = 200) -> HttpResponse:
    def encode(value: Any) -> Any:
        if isinstance(value, ObjectId):
            return str(value)
        if isinstance(value, datetime):
            return value.isoformat().replace("+00:00", "Z")
        raise TypeError(type(value).__name__)

    return HttpResponse(json.dumps(payload, default=encode), status=status, content_type="application/json")


def _user_id(request: HttpRequest) -> ObjectId | None:
    """The active user the bearer token names, as the API's JWT authentication finds it."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer":
        return None
    try:
        key = str(settings.SIMPLE_JWT.get("SIGNING_KEY") or settings.SECRET_KEY)
        claims = jwt.decode(token, key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    user = _by_id(_db().accounts_user, ObjectId(claims["user_id"]), {"is_active": 1})
    return user["_id"] if user and user["is_active"] else None


def _by_id(collection: Collection[dict[str, Any]], object_id: ObjectId, projection: dict[str, int]) -> Any:
    """One document by ``_id`` alone, its other conditions checked by the caller: SecantusDB uses an
    index only when it holds every field of the filter, so ``{_id, user_id}`` would scan the collection
    (the API's ORM queries get the same split from kernel/db/pipeline.py)."""
    return collection.find_one({"_id": object_id}, projection)


def _owned(
    collection: Collection[dict[str, Any]], object_id: ObjectId, owner: ObjectId, projection: dict[str, int]
) -> Any:
    document = _by_id(collection, object_id, {**projection, "user_id": 1})
    return document if document and document["user_id"] == owner else None


def _unauthenticated() -> HttpResponse:
    return _json({"error": {"code": "not_authenticated"}}, status=401)


def _page(request: HttpRequest) -> tuple[int, int]:
    page = max(1, int(request.GET.get("page") or 1))
    size = min(settings.API_PAGE_SIZE_MAX, int(request.GET.get("page_size") or PAGE_SIZE))
    return page, size


def _page_body(request: HttpRequest, *, count: int, page: int, size: int, results: list[Any]) -> dict[str, Any]:
    def link(number: int) -> str | None:
        if number < 1 or (number - 1) * size >= count:
            return None
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {"count": count, "next": link(page + 1), "previous": link(page - 1), "results": results}


def question_list(request: HttpRequest) -> HttpResponse:
    if _user_id(request) is None:
        return _unauthenticated()
    match: dict[str, Any] = {"is_follow_up": False, "is_active": True}
    match.update({name: request.GET[name] for name in ("type", "level", "language") if request.GET.get(name)})
    if request.GET.get("difficulty"):
        match["difficulty"] = int(request.GET["difficulty"])
    page, size = _page(request)
    questions = _db().questions_question
    count = questions.count_documents(match)
    cursor = (
        questions.find(match, dict.fromkeys(QUESTION_FIELDS, 1))
        .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        .skip((page - 1) * size)
        .limit(size)
    )
    results = [{"id": str(row.pop("_id")), **row} for row in cursor]
    return _json(_page_body(request, count=count, page=page, size=size, results=results))


def interview_list(request: HttpRequest) -> HttpResponse:
    user_id = _user_id(request)
    if user_id is None:
        return _unauthenticated()
    page, size = _page(request)
    interviews = _db().interviews_interview
    count = interviews.count_documents({"user_id": user_id})
    projection = dict.fromkeys((*INTERVIEW_FIELDS, "questions", "started_at", "completed_at"), 1)
    cursor = (
        interviews.find({"user_id": user_id}, projection)
        .sort("started_at", DESCENDING)
        .skip((page - 1) * size)
        .limit(size)
    )
    results = [
        {
            "id": str(row["_id"]),
            **{name: row.get(name) for name in INTERVIEW_FIELDS},
            "questions": [
                {
                    "id": str(item["question_id"]),
                    **{name: item.get(name) for name in ("order", "text", "type", "status", "is_follow_up")},
                }
                for item in row.get("questions") or []
            ],
            "started_at": row["started_at"],
            "completed_at": row.get("completed_at"),
        }
        for row in cursor
    ]
    return _json(_page_body(request, count=count, page=page, size=size, results=results))


def interview_result(request: HttpRequest, interview_id: str) -> HttpResponse:
    user_id = _user_id(request)
    if user_id is None:
        return _unauthenticated()
    interview = _owned(_db().interviews_interview, ObjectId(interview_id), user_id, {"status": 1, "result": 1})
    if interview is None:
        return _json({"error": {"code": "not_found"}}, status=404)
    if interview["status"] != "completed":
        return _json({"status": "pending"}, status=202)
    return _json(interview["result"])


def plan_list(request: HttpRequest) -> HttpResponse:
    columns = ("code", "name", "tier", "price", "currency", "interval", "weekly_interview_limit", "features")
    with connections["billing"].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM billing_plan WHERE is_active ORDER BY sort_order, price")
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["price"] = f"{Decimal(str(row['price'])):.2f}"
        row["features"] = json.loads(row["features"]) if isinstance(row["features"], str) else row["features"]
    return _json(rows)


@csrf_exempt
def answer_submit(request: HttpRequest, interview_id: str) -> HttpResponse:
    """POST an answer as the API stores a first typed answer: the owner's open interview holds the
    question, the answer document goes in with every field the model writes (the unique
    (interview, question) index refuses a second one), the question is marked answered and the
    evaluation task is published to the broker, as the post_save signal publishes it."""
    user_id = _user_id(request)
    if user_id is None:
        return _unauthenticated()
    body = json.loads(request.body)
    interviews = _db().interviews_interview
    interview = _owned(interviews, ObjectId(interview_id), user_id, {"status": 1, "questions.question_id": 1})
    question_id = ObjectId(body["question_id"])
    if interview is None or all(item["question_id"] != question_id for item in interview["questions"]):
        return _json({"error": {"code": "not_found"}}, status=404)
    if interview["status"] != "in_progress" or not str(body.get("text", "")).strip():
        return _json({"error": {"code": "conflict"}}, status=409)
    answer = {
        "_id": ObjectId(),
        "interview_id": interview["_id"],
        "user_id": user_id,
        "question_id": question_id,
        "text": body["text"],
        "audio": "",
        "audio_content_type": "",
        "transcript": "",
        "code": "",
        "code_language": "",
        "code_result": {},
        "speech_metrics": {},
        "evaluation_status": "pending",
        "evaluation_error": "",
        "evaluation": {},
        "score": None,
        "attempts": 0,
        "previous_attempts": [],
        "created_at": timezone.now(),
        "evaluation_started_at": None,
        "evaluated_at": None,
    }
    try:
        _db().interviews_answer.insert_one(answer)
    except DuplicateKeyError:
        return _json({"error": {"code": "already_answered"}}, status=409)
    interviews.update_one(
        {"_id": interview["_id"], "questions.question_id": question_id}, {"$set": {"questions.$.status": "answered"}}
    )
    evaluate_answer_task.apply_async(kwargs={"answer_id": str(answer["_id"])}, retry=False)
    answer["id"] = str(answer.pop("_id"))
    return _json(answer, status=201)
