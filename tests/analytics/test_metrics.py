"""Each dashboard metric against a small hand-built dataset whose answers are worked out by hand."""

from datetime import date

import pytest

from accounts.models import User
from analytics import selectors
from analytics.models import AICall, Event
from conftest import make_user
from interviews.models import Answer, Interview
from tests.analytics.conftest import at, subscription_make
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

MARCH_1, MARCH_3 = date(2025, 3, 1), date(2025, 3, 3)


def test_active_users_count_distinct_users_per_day_week_and_month():
    a, b, c = (make_user(f"{name}@example.com") for name in "abc")
    for user, moment in [(a, at(1)), (a, at(2, 9)), (a, at(2, 18)), (b, at(2)), (c, at(10, month=2))]:
        Event.objects.create(name=Event.Name.LOGIN, user_id=user.pk, created_at=moment)
    Event.objects.create(name=Event.Name.LOGIN, user_id=None, created_at=at(2))  # anonymous: not a user

    result = selectors.active_users(start=MARCH_1, end=MARCH_3)

    assert [point["users"] for point in result["series"]] == [1, 2, 0]
    assert [point["date"] for point in result["series"]] == ["2025-03-01", "2025-03-02", "2025-03-03"]
    assert (result["dau"], result["wau"], result["mau"]) == (0, 2, 3)
    assert result["stickiness"] == pytest.approx(1 / 3, abs=1e-4)  # mean DAU 1 / MAU 3


def test_signups_are_counted_on_the_day_the_user_joined():
    for email, joined in [("x@example.com", at(1)), ("y@example.com", at(3, 1)), ("z@example.com", at(3, 23))]:
        make_user(email, date_joined=joined)
    make_user("old@example.com", date_joined=at(28, month=2))

    result = selectors.signups_daily(start=MARCH_1, end=MARCH_3)

    assert [point["signups"] for point in result["series"]] == [1, 0, 2]
    assert result["total"] == 3


@pytest.fixture
def interviews(user: User) -> dict[str, object]:
    """Four interviews started 1-2 March: three completed (two technical/middle, one hr/junior), one abandoned."""
    rows = [
        ("technical", "middle", at(1), at(1, 13), 60.0),
        ("technical", "middle", at(2), at(3, 1), 80.0),
        ("hr", "junior", at(2), at(2, 13), 50.0),
        ("hr", "junior", at(2), None, None),
    ]
    made = [
        Interview.objects.create(
            user=user,
            type=kind,
            level=level,
            started_at=started,
            completed_at=completed,
            overall_score=score,
            status=Interview.Status.COMPLETED if completed else Interview.Status.ABANDONED,
        )  # fmt: skip
        for kind, level, started, completed, score in rows
    ]
    Interview.objects.create(user=user, type="hr", level="junior", started_at=at(5), status="in_progress")
    return {"user": user, "interviews": made}


def test_interviews_started_and_completed_per_day(interviews):
    result = selectors.interviews_daily(start=MARCH_1, end=MARCH_3)

    assert [(p["started"], p["completed"]) for p in result["series"]] == [(1, 1), (3, 1), (0, 1)]
    assert (result["started"], result["completed"]) == (4, 3)


def test_completion_rate_is_completed_share_of_interviews_started_in_range(interviews):
    assert selectors.completion_rate(start=MARCH_1, end=MARCH_3) == {"started": 4, "completed": 3, "rate": 0.75}
    assert selectors.completion_rate(start=date(2025, 3, 2), end=MARCH_3)["rate"] == pytest.approx(2 / 3, abs=1e-4)


def test_average_score_by_type_and_level(interviews):
    rows = selectors.scores_by_type_level(start=MARCH_1, end=MARCH_3)["rows"]

    assert rows == [
        {"type": "hr", "level": "junior", "average_score": 50.0, "count": 1},
        {"type": "technical", "level": "middle", "average_score": 70.0, "count": 2},
    ]


def test_hardest_questions_rank_by_average_score_with_a_minimum_of_answers(interviews):
    user, made = interviews["user"], interviews["interviews"]
    hard, easy, rare = (
        QuestionFactory.create(text="Hard one?"),
        QuestionFactory.create(text="Easy one?"),
        QuestionFactory.create(),
    )
    for question, scores in [(hard, [20, 40]), (easy, [90, 70]), (rare, [5])]:
        for interview, score in zip(made, scores, strict=False):
            Answer.objects.create(
                interview=interview, user=user, question=question, score=score, created_at=at(2),
                evaluation_status=Answer.EvaluationStatus.DONE,
            )  # fmt: skip

    rows = selectors.questions_hardest(start=MARCH_1, end=MARCH_3, min_answers=2)["rows"]

    assert [(row["text"], row["average_score"], row["answers"]) for row in rows] == [
        ("Hard one?", 30.0, 2),
        ("Easy one?", 80.0, 2),
    ]


@pytest.fixture
def subscriptions() -> list[User]:
    """Live on 1 March: a monthly $19 and a yearly $150 one; the monthly one ends 2 March.
    Started 2 March: a monthly $19. Ended in February: not counted anywhere in March."""
    users = [make_user(f"payer{index}@example.com", date_joined=at(1 + index % 3)) for index in range(4)]
    subscription_make(user=users[0], start=at(1, month=2), ended=at(2))
    subscription_make(user=users[1], start=at(1, month=1), interval="year", amount=15000)
    subscription_make(user=users[2], start=at(2))
    subscription_make(user=users[3], start=at(1, month=1), ended=at(20, month=2))
    return users


def test_mrr_sums_live_subscriptions_with_yearly_prices_spread_over_twelve_months(subscriptions):
    result = selectors.mrr(start=MARCH_1, end=MARCH_3)

    assert result == {"mrr": 31.5, "mrr_at_start": 31.5}  # 12.50 + 19 at both ends


def test_active_subscriptions_at_the_end_and_the_start_of_the_range(subscriptions):
    assert selectors.subscriptions_active(start=MARCH_1, end=MARCH_3) == {"active": 2, "active_at_start": 2}


def test_churn_is_ended_in_range_over_active_at_start(subscriptions):
    result = selectors.churn_rate(start=MARCH_1, end=MARCH_3)

    assert (result["ended"], result["active_at_start"], result["rate"]) == (1, 2, 0.5)
    assert result["monthly"] == 5.0  # 0.5 over 3 days, scaled to 30


def test_ltv_is_arpu_over_monthly_churn(subscriptions):
    result = selectors.ltv_estimate(start=date(2025, 3, 1), end=date(2025, 3, 30))

    assert result["arpu"] == 15.75  # 31.50 MRR / 2 live subscriptions
    assert result["monthly_churn"] == 0.5
    assert result["ltv"] == 31.5


def test_conversion_counts_signups_in_range_who_ever_paid(subscriptions):
    make_user("free@example.com", date_joined=at(2))

    result = selectors.conversion_free_to_paid(start=MARCH_1, end=MARCH_3)

    assert result == {"signups": 5, "paid": 4, "rate": 0.8}


def test_ai_usage_per_day_sums_calls_tokens_and_cost():
    for moment, prompt, completion, cost in [(at(1), 100, 50, 0.01), (at(1, 20), 200, 100, 0.02), (at(3), 10, 5, 0.5)]:
        AICall.objects.create(
            operation="evaluate_answer", provider="offline", model="m", prompt_tokens=prompt,
            completion_tokens=completion, cost_usd=cost, created_at=moment,
        )  # fmt: skip

    result = selectors.ai_usage_daily(start=MARCH_1, end=MARCH_3)

    assert [(p["calls"], p["tokens"], p["cost_usd"]) for p in result["series"]] == [
        (2, 450, 0.03),
        (0, 0, 0),
        (1, 15, 0.5),
    ]
    assert (result["calls"], result["tokens"], result["cost_usd"]) == (3, 465, 0.53)
