"""Interview funnel and scores, aggregated over the interviews and answers collections."""

from __future__ import annotations

from datetime import date
from typing import Any

from analytics.selectors._common import day_of, first_row, range_bounds, ratio, series_fill
from interviews.models import Answer, Interview
from kernel.db.collections import collection_for
from questions.models import Question

COMPLETED = Interview.Status.COMPLETED


def interviews_daily(*, start: date, end: date) -> dict[str, Any]:
    """Interviews started per day (by ``started_at``) and completed per day (by ``completed_at``)."""
    since, until = range_bounds(start=start, end=end)
    window = {"$gte": since, "$lt": until}
    pipeline = [
        {"$match": {"$or": [{"started_at": window}, {"status": COMPLETED, "completed_at": window}]}},
        {
            "$facet": {
                "started": [
                    {"$match": {"started_at": window}},
                    {"$group": {"_id": day_of("started_at"), "started": {"$sum": 1}}},
                ],
                "completed": [
                    {"$match": {"status": COMPLETED, "completed_at": window}},
                    {"$group": {"_id": day_of("completed_at"), "completed": {"$sum": 1}}},
                ],
            }
        },
    ]
    facets = first_row(collection_for(Interview).aggregate(pipeline))
    started = {row["_id"]: row["started"] for row in facets.get("started", [])}
    completed = {row["_id"]: row["completed"] for row in facets.get("completed", [])}
    rows = [
        {"_id": day, "started": started.get(day, 0), "completed": completed.get(day, 0)} for day in started | completed
    ]
    series = series_fill(start=start, end=end, rows=rows, fields=("started", "completed"))
    return {
        "series": series,
        "started": sum(point["started"] for point in series),
        "completed": sum(point["completed"] for point in series),
    }


def completion_rate(*, start: date, end: date) -> dict[str, Any]:
    """Of the interviews started in the range, the share completed (so far)."""
    since, until = range_bounds(start=start, end=end)
    pipeline = [
        {"$match": {"started_at": {"$gte": since, "$lt": until}}},
        {
            "$group": {
                "_id": None,
                "started": {"$sum": 1},
                "completed": {"$sum": {"$cond": [{"$eq": ["$status", COMPLETED]}, 1, 0]}},
            }
        },
    ]
    row = first_row(collection_for(Interview).aggregate(pipeline))
    started, completed = row.get("started", 0), row.get("completed", 0)
    return {"started": started, "completed": completed, "rate": ratio(completed, started)}


def scores_by_type_level(*, start: date, end: date) -> dict[str, Any]:
    """Average overall score of the interviews completed in the range, per interview type and level."""
    since, until = range_bounds(start=start, end=end)
    pipeline = [
        {
            "$match": {
                "status": COMPLETED,
                "completed_at": {"$gte": since, "$lt": until},
                "overall_score": {"$ne": None},
            }
        },
        {
            "$group": {
                "_id": {"type": "$type", "level": "$level"},
                "average": {"$avg": "$overall_score"},
                "count": {"$sum": 1},
            }
        },
        {"$sort": {"_id.type": 1, "_id.level": 1}},
    ]
    return {
        "rows": [
            {**row["_id"], "average_score": round(row["average"], 1), "count": row["count"]}
            for row in collection_for(Interview).aggregate(pipeline)
        ]
    }


def questions_hardest(*, start: date, end: date, min_answers: int = 5, limit: int = 10) -> dict[str, Any]:
    """Questions with the lowest average score over answers evaluated in the range; a question
    needs ``min_answers`` scores so one bad answer does not make it "hard"."""
    since, until = range_bounds(start=start, end=end)
    pipeline = [
        {
            "$match": {
                "evaluation_status": Answer.EvaluationStatus.DONE,
                "created_at": {"$gte": since, "$lt": until},
                "score": {"$ne": None},
            }
        },
        {"$group": {"_id": "$question_id", "average": {"$avg": "$score"}, "answers": {"$sum": 1}}},
        {"$match": {"answers": {"$gte": min_answers}}},
        {"$sort": {"average": 1, "answers": -1}},
        {"$limit": limit},
    ]
    rows = list(collection_for(Answer).aggregate(pipeline))
    questions = Question.objects.in_bulk([row["_id"] for row in rows])
    return {
        "rows": [
            {
                "question_id": str(row["_id"]),
                "text": questions[row["_id"]].text if row["_id"] in questions else "",
                "type": questions[row["_id"]].type if row["_id"] in questions else "",
                "average_score": round(row["average"], 1),
                "answers": row["answers"],
            }
            for row in rows
        ]
    }
