import io
import json

import pytest
from django.core.management import call_command

from accounts.models import ExperienceLevel
from operations.seeding import seed_all
from questions.models import Question
from questions.services import CODING_FILE, question_bank_seed

pytestmark = pytest.mark.django_db


def test_seed_loads_at_least_200_questions_covering_every_type_and_level():
    summary = question_bank_seed()

    assert Question.objects.count() >= 200
    covered = set(Question.objects.values_list("type", "level"))
    assert covered == {(kind, level) for kind in Question.Type.values for level in ExperienceLevel.values}
    assert not Question.objects.filter(is_ai_generated=True).exists()
    assert summary.startswith(f"question bank: {Question.objects.count()} created")


def test_the_russian_bank_covers_every_type_and_level_with_at_least_150_questions():
    question_bank_seed()
    # Coding questions with hidden tests come from their own file and don't count towards the bank.
    coding_slugs = [row["slug"] for row in json.loads(CODING_FILE.read_text(encoding="utf-8"))]
    russian = list(Question.objects.filter(language=Question.Language.RU).exclude(slug__in=coding_slugs))

    assert len(russian) >= 150
    covered = {(question.type, question.level) for question in russian}
    assert covered == {(kind, level) for kind in Question.Type.values for level in ExperienceLevel.values}
    assert len({question.text.casefold() for question in russian}) == len(russian)
    for question in russian:
        assert 3 <= len(question.key_points) <= 6, question.slug
        assert len(question.sample_answer) > 300, question.slug


def test_seeding_twice_creates_and_changes_nothing():
    question_bank_seed()
    ids = set(Question.objects.values_list("pk", flat=True))

    summary = question_bank_seed()

    assert set(Question.objects.values_list("pk", flat=True)) == ids
    assert "0 created, 0 updated" in summary


def test_seeding_restores_edited_bank_content_and_keeps_deactivation():
    question_bank_seed()
    question = Question.objects.order_by("slug").first()
    original_text = question.text
    Question.objects.filter(pk=question.pk).update(text="Edited by hand?", is_active=False)

    summary = question_bank_seed()

    question.refresh_from_db()
    assert question.text == original_text
    assert question.is_active is False
    assert "1 updated" in summary


def test_seed_questions_command_can_run_repeatedly():
    first, second = io.StringIO(), io.StringIO()

    call_command("seed_questions", stdout=first)
    call_command("seed_questions", stdout=second)

    assert "0 created" not in first.getvalue()
    assert "0 created, 0 updated" in second.getvalue()


def test_the_question_bank_is_reference_data_seeded_even_without_demo_data():
    assert any(line.startswith("question bank:") for line in seed_all(demo=False))
