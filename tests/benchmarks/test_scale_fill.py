"""The scale benchmark's bulk fill (benchmarks/fill.py) writes documents the ORM would write,
and leaves the collections with the indexes they had."""

import random
from typing import Any

import pytest
from django.db import connections

from benchmarks.fill import Dataset, bank_load, fill, sample_written, shape_check
from interviews.models import Answer, Interview
from support.models import Ticket

pytestmark = pytest.mark.django_db


def _collection(model: Any) -> Any:
    database: Any = connections["default"]
    return database.database[model._meta.db_table]


def _index_names(model):
    return sorted(index["name"] for index in _collection(model).list_indexes())


@pytest.fixture
def filled(bank):
    data = Dataset(
        rng=random.Random(7),
        bank=bank_load(),
        evaluation={"score": 71, "scores": {"clarity": 70}, "strengths": ["Named a trade-off."], "star": None},
        result={"overall_score": 71, "summary": "Solid.", "per_question": [{"order": 0, "score": 71.0}]},
        answer_text="I would trade latency for consistency here, for example in a ledger.",
        password="!unusable",
    )
    indexes = {model: _index_names(model) for model in (Interview, Answer, Ticket)}
    fill(data, to=250)
    return data, indexes


def test_bulk_written_documents_have_the_keys_and_bson_types_of_orm_written_ones(filled):
    data, _ = filled

    assert shape_check(sample_written(data)) == []
    assert Interview.objects.filter(user=data.heavy).count() == 200
    interview = Interview.objects.filter(user=data.typical, status=Interview.Status.COMPLETED).first()
    assert interview is not None and interview.questions[0].text  # embedded questions read back as models
    assert Answer.objects.filter(interview=interview).count() == 4


def test_the_indexes_are_built_again_after_the_fill(filled):
    _, indexes = filled

    assert {model: _index_names(model) for model in indexes} == indexes


def test_the_check_reports_a_document_that_differs_from_the_orm(filled):
    data, _ = filled
    interview = Interview.objects.filter(user=data.heavy)[0]
    _collection(Interview).update_one(
        {"_id": interview.pk}, {"$unset": {"overall_score": ""}, "$set": {"started_at": "yesterday"}}
    )

    problems = shape_check([interview])

    assert len(problems) == 1 and problems[0].startswith("Interview: bulk")
