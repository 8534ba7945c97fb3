"""A realistic demo history for the dashboard and the admin: users joining over
the last ``days`` days, their interviews and evaluated answers, logins, AI calls,
and Stripe subscriptions (some of them churned).

Subscriptions are minimal dj-stripe Customer/Subscription rows, not premium
grants, because revenue, churn and conversion are read from Stripe's data and
grants are not paid; the rows also make those users premium in the app.
Everything is written with bulk inserts (no signals), so the events are
inserted here too. Demo users carry the ``DEMO_DOMAIN`` e-mail domain, which is
the marker that makes a second run a no-op unless forced (forcing replaces them).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId
from djstripe.models import Customer, Subscription

from accounts.models import ExperienceLevel, User
from ai.types import CRITERIA
from analytics.models import AICall, Event
from billing.models import BillingAccount
from billing.services import plans_seed
from interviews.models import Answer, Interview, InterviewQuestion
from kernel.db.collections import collection_for
from questions.models import Question
from questions.services import question_bank_seed

DEMO_DOMAIN = "demo.interviewprep.test"
DEMO_AI_MODEL = "gpt-4o-mini (demo)"
PAYING_SHARE = 0.12
YEARLY_SHARE = 0.25
CHURN_SHARE = 0.3
PRICES = {"month": 1900, "year": 15000}  # cents, as the default premium plans
BATCH = 1000


@dataclass(frozen=True)
class DemoUser:
    pk: ObjectId
    joined: datetime
    skill: float


def demo_data_seed(
    *, users: int = 300, interviews: int = 2000, days: int = 90, seed: int = 7, force: bool = False
) -> str:
    """Create the demo history once (deterministic for a given ``seed``); returns a one-line summary with the timing."""
    began = time.monotonic()
    if User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        if not force:
            return "demo data: already present (use --force to replace it)"
        _demo_data_delete()
    plans_seed()
    if not Question.objects.exists():
        question_bank_seed()
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    people = _users_create(rng=rng, count=users, now=now, days=days)
    counts = _interviews_create(rng=rng, people=people, count=interviews, now=now)
    paying = _subscriptions_create(rng=rng, people=people, now=now)
    logins = _logins_create(rng=rng, people=people, now=now)
    return (
        f"demo data: {len(people)} users, {counts['interviews']} interviews, {counts['answers']} answers, "
        f"{paying} subscriptions, {logins} logins in {time.monotonic() - began:.1f}s"
    )


def _insert(model: type[Any], documents: list[Any]) -> None:
    model.objects.bulk_create(documents, batch_size=BATCH)


def _users_create(*, rng: random.Random, count: int, now: datetime, days: int) -> list[DemoUser]:
    levels = list(ExperienceLevel.values)
    users = []
    for index in range(count):
        # More recent signups than old ones: a growing product.
        joined = now - timedelta(days=days * (1 - rng.random() ** 0.7), minutes=rng.randint(0, 1439))
        user = User(
            email=f"candidate{index}@{DEMO_DOMAIN}", name=f"Demo Candidate {index}", is_email_verified=True,
            experience_level=rng.choice(levels), date_joined=joined, last_login=joined,
        )  # fmt: skip
        user.set_unusable_password()  # demo people never log in; hashing 300 passwords would take seconds
        users.append(user)
    _insert(User, users)
    _insert(Event, [Event(name=Event.Name.SIGNUP, user_id=user.pk, created_at=user.date_joined) for user in users])
    return [DemoUser(pk=user.pk, joined=user.date_joined, skill=rng.gauss(66, 12)) for user in users]


def _interviews_create(*, rng: random.Random, people: list[DemoUser], count: int, now: datetime) -> dict[str, int]:
    bank: dict[tuple[str, str], list[tuple[ObjectId, int, str]]] = {}
    for pk, type_, level, difficulty, text in Question.objects.filter(is_active=True, is_follow_up=False).values_list(
        "pk", "type", "level", "difficulty", "text"
    ):
        bank.setdefault((type_, level), []).append((pk, difficulty, text))
    kinds = [kind for kind, questions in bank.items() if len(questions) >= 3]
    interviews, answers, events, calls = [], [], [], []
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
        events.append(Event(name=Event.Name.INTERVIEW_STARTED, user_id=person.pk, created_at=started,
                            properties={"interview_id": str(interview.pk), "type": type_, "level": level}))  # fmt: skip
        scores = []
        for offset, (question_id, difficulty, _text) in enumerate(answered, start=1):
            at = started + timedelta(minutes=4 * offset + rng.randint(0, 3))
            score = _clamp(person.skill - (difficulty - 3) * 8 + rng.gauss(0, 12))
            scores.append(score)
            answers.append(
                Answer(
                    interview_id=interview.pk, user_id=person.pk, question_id=question_id,
                    text="A demo answer about the trade-offs involved.", evaluation_status=Answer.EvaluationStatus.DONE,
                    score=score, created_at=at, evaluated_at=at + timedelta(seconds=20), attempts=1,
                    evaluation={"scores": {name: _clamp(score + rng.gauss(0, 8)) for name in CRITERIA}},
                )
            )  # fmt: skip
            events.append(Event(name=Event.Name.ANSWER_EVALUATED, user_id=person.pk, created_at=at))
            prompt, completion = rng.randint(700, 1600), rng.randint(150, 450)
            calls.append(
                AICall(
                    operation="evaluate_answer", provider="openai", model=DEMO_AI_MODEL, prompt_tokens=prompt,
                    completion_tokens=completion, cost_usd=round(prompt * 1.5e-7 + completion * 6e-7, 6),
                    latency_ms=rng.uniform(800, 4000), created_at=at,
                )
            )  # fmt: skip
        if status == Interview.Status.COMPLETED:
            interview.completed_at = started + timedelta(minutes=4 * len(asked) + 5)
            interview.overall_score = round(sum(scores) / len(scores), 1)
            completed = {"interview_id": str(interview.pk)}
            events.append(Event(name=Event.Name.INTERVIEW_COMPLETED, user_id=person.pk,
                                created_at=interview.completed_at, properties=completed))  # fmt: skip
        interviews.append(interview)
    _insert(Interview, interviews)
    _insert(Answer, answers)
    _insert(Event, events)
    _insert(AICall, calls)
    return {"interviews": len(interviews), "answers": len(answers)}


def _clamp(score: float) -> int:
    return round(min(100.0, max(0.0, score)))


def _subscriptions_create(*, rng: random.Random, people: list[DemoUser], now: datetime) -> int:
    paying = [person for person in people if rng.random() < PAYING_SHARE]
    accounts = [BillingAccount(user_id=str(person.pk), email=f"{person.pk}@{DEMO_DOMAIN}") for person in paying]
    _insert(BillingAccount, accounts)
    customers, subscriptions, events = [], [], []
    by_user = BillingAccount.objects.in_bulk([account.user_id for account in accounts], field_name="user_id")
    for person in paying:
        account = by_user[str(person.pk)]
        start = person.joined + (now - person.joined) * rng.uniform(0.05, 0.5)
        interval = "year" if rng.random() < YEARLY_SHARE else "month"
        ended = start + (now - start) * rng.uniform(0.3, 0.95) if rng.random() < CHURN_SHARE else None
        customer = Customer(id=f"cus_demo_{person.pk}", subscriber=account, livemode=False, created=start)
        data = {
            "id": f"sub_demo_{person.pk}", "object": "subscription", "customer": customer.id,
            "status": "canceled" if ended else "active", "start_date": int(start.timestamp()),
            "ended_at": int(ended.timestamp()) if ended else None,
            "canceled_at": int(ended.timestamp()) if ended else None, "metadata": {"user_id": str(person.pk)},
            "items": {"object": "list", "data": [{
                "quantity": 1, "current_period_end": int((ended or now + timedelta(days=15)).timestamp()),
                "price": {"id": f"price_demo_{interval}", "unit_amount": PRICES[interval], "currency": "usd",
                          "recurring": {"interval": interval}},
            }]},
        }  # fmt: skip
        customers.append(customer)
        subscriptions.append(Subscription(id=data["id"], customer=customer, livemode=False, created=start,
                                          stripe_data=data, metadata=data["metadata"]))  # fmt: skip
        events.append(
            Event(name=Event.Name.CHECKOUT_STARTED, user_id=person.pk, created_at=start - timedelta(minutes=3))
        )
        events.append(Event(name=Event.Name.SUBSCRIPTION_STARTED, user_id=person.pk, created_at=start))
        if ended:
            events.append(Event(name=Event.Name.SUBSCRIPTION_CANCELLED, user_id=person.pk, created_at=ended))
    _insert(Customer, customers)
    _insert(Subscription, subscriptions)
    _insert(Event, events)
    return len(subscriptions)


def _logins_create(*, rng: random.Random, people: list[DemoUser], now: datetime) -> int:
    """Logins on a share of the days since joining; engaged users come back more often."""
    events = []
    for person in people:
        days_since = max(1, (now - person.joined).days)
        habit = min(0.9, max(0.02, rng.betavariate(1.2, 4)))
        for day in range(days_since):
            if rng.random() < habit:
                at = person.joined + timedelta(days=day, minutes=rng.randint(0, 1439))
                if at < now:
                    events.append(Event(name=Event.Name.LOGIN, user_id=person.pk, created_at=at))
    _insert(Event, events)
    return len(events)


def _demo_data_delete() -> None:
    """Remove a previous demo history (for ``force``): raw deletes, because a cascade over thousands is slow."""
    ids = list(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("pk", flat=True))
    for model in (Answer, Interview, Event):
        collection_for(model, write=True).delete_many({"user_id": {"$in": ids}})
    collection_for(AICall, write=True).delete_many({"model": DEMO_AI_MODEL})
    Subscription.objects.filter(id__startswith="sub_demo_").delete()
    Customer.objects.filter(id__startswith="cus_demo_").delete()
    BillingAccount.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()
    collection_for(User, write=True).delete_many({"_id": {"$in": ids}})
