import pytest

from ai.types import GeneratedQuestion
from kernel.errors import NotFound, ValidationFailed
from questions import services
from questions.models import Question
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_scores_keep_a_running_average():
    question = QuestionFactory()

    services.question_score_record(question_id=str(question.pk), score=80)
    services.question_score_record(question_id=question.pk, score=65)

    question.refresh_from_db()
    assert question.score_count == 2
    assert question.average_score == pytest.approx(72.5)


@pytest.mark.parametrize("question_id", ["nope", "665f1c2e9b1e8a3d4c5b6a79"])
def test_scoring_an_unknown_question_is_not_found(question_id):
    with pytest.raises(NotFound):
        services.question_score_record(question_id=question_id, score=50)


def test_score_outside_0_to_100_is_rejected():
    question = QuestionFactory()

    with pytest.raises(ValidationFailed):
        services.question_score_record(question_id=question.pk, score=101)


def test_usage_is_counted_per_question_asked():
    asked, other = QuestionFactory(), QuestionFactory()

    services.questions_usage_record(question_ids=[asked.pk])
    services.questions_usage_record(question_ids=[asked.pk, other.pk])

    assert Question.objects.get(pk=asked.pk).usage_count == 2
    assert Question.objects.get(pk=other.pk).usage_count == 1


def test_set_active_reports_only_the_questions_it_changed():
    active, inactive = QuestionFactory(), QuestionFactory(is_active=False)

    changed = services.questions_set_active(question_ids=[active.pk, inactive.pk], active=False)

    assert changed == 1
    assert not Question.objects.filter(is_active=True).exists()


def test_follow_up_is_saved_as_ai_generated_and_kept_out_of_the_bank_listing():
    parent = QuestionFactory(type="behavioral", level="senior", language="ru")
    generated = GeneratedQuestion(text="What would you do differently next time?", type="", level="", difficulty=3)

    follow_up = services.question_create_follow_up(parent=parent, generated=generated)
    again = services.question_create_follow_up(parent=parent, generated=generated)

    assert follow_up.pk and again.pk and follow_up.slug != again.slug
    assert (follow_up.is_follow_up, follow_up.is_ai_generated, follow_up.is_active) == (True, True, True)
    assert (follow_up.type, follow_up.level, follow_up.language) == ("behavioral", "senior", "ru")
    assert not Question.objects.filter(is_follow_up=False, text=generated.text).exists()


def test_invalid_follow_up_from_the_model_is_rejected():
    with pytest.raises(ValidationFailed):
        services.question_create_follow_up(
            parent=QuestionFactory(), generated=GeneratedQuestion(text="Why?", type="", level="", difficulty=9)
        )
