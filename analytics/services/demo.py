"""A realistic demo history for the dashboard and the admin: users joining over
the last ``days`` days, their interviews and evaluated answers, logins, AI calls,
and Stripe subscriptions (some of them churned).

The plans and the question bank are the product's own seeds; candidates and
interviews are written by their apps (``accounts.services.demo``,
``interviews.services.demo``); this module writes the events and AI calls they
stand for, and the subscriptions. Everything is bulk-inserted (no signals), which
is why the events are written here rather than by the receivers.

Subscriptions are minimal dj-stripe Customer/Subscription rows, not premium
grants, because revenue, churn and conversion are read from Stripe's data and
grants are not paid; the rows also make those users premium in the app. They pay
the premium plans' own prices (seeded from billing's ``default_plans()``), so the
demo revenue is what the price list says. Demo users carry the ``DEMO_DOMAIN``
e-mail domain, which is the marker that makes a second run a no-op unless forced
(forcing replaces them).
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId
from djstripe.models import Customer, Subscription

from accounts.models import ExperienceLevel
from accounts.selectors import user_ids_with_email_domain
from accounts.services.demo import demo_candidates_create, demo_candidates_delete
from analytics.models import AICall, Event
from billing.models import BillingAccount, Plan
from billing.plans import PREMIUM
from billing.services import plans_seed
from interviews.services.demo import DemoCandidate, demo_interviews_create, demo_interviews_delete
from kernel.db.collections import collection_for
from questions.models import Question
from questions.services import question_bank_seed

DEMO_DOMAIN = "demo.interviewprep.test"
DEMO_AI_MODEL = "gpt-4o-mini (demo)"
PAYING_SHARE = 0.12
YEARLY_SHARE = 0.25
CHURN_SHARE = 0.3
BATCH = 1000


def demo_data_seed(
    *, users: int = 300, interviews: int = 2000, days: int = 90, seed: int = 7, force: bool = False
) -> str:
    """Create the demo history once (deterministic for a given ``seed``); returns a one-line summary with the timing."""
    began = time.monotonic()
    if previous := user_ids_with_email_domain(domain=DEMO_DOMAIN):
        if not force:
            return "demo data: already present (use --force to replace it)"
        _demo_data_delete(previous)
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


def _users_create(*, rng: random.Random, count: int, now: datetime, days: int) -> list[DemoCandidate]:
    levels = list(ExperienceLevel.values)
    # More recent signups than old ones: a growing product.
    profiles = [
        (now - timedelta(days=days * (1 - rng.random() ** 0.7), minutes=rng.randint(0, 1439)), rng.choice(levels))
        for _ in range(count)
    ]
    users = demo_candidates_create(domain=DEMO_DOMAIN, profiles=profiles)
    _insert(Event, [Event(name=Event.Name.SIGNUP, user_id=user.pk, created_at=user.date_joined) for user in users])
    return [DemoCandidate(pk=user.pk, joined=user.date_joined, skill=rng.gauss(66, 12)) for user in users]


def _interviews_create(*, rng: random.Random, people: list[DemoCandidate], count: int, now: datetime) -> dict[str, int]:
    """The interviews app writes its documents; their events and AI calls are this app's."""
    interviews, answers = demo_interviews_create(rng=rng, people=people, count=count, now=now)
    events, calls = [], []
    for interview in interviews:
        started = {"interview_id": str(interview.pk), "type": interview.type, "level": interview.level}
        events.append(Event(name=Event.Name.INTERVIEW_STARTED, user_id=interview.user_id,
                            created_at=interview.started_at, properties=started))  # fmt: skip
        if interview.completed_at is not None:
            completed = {"interview_id": str(interview.pk)}
            events.append(Event(name=Event.Name.INTERVIEW_COMPLETED, user_id=interview.user_id,
                                created_at=interview.completed_at, properties=completed))  # fmt: skip
    for answer in answers:
        events.append(Event(name=Event.Name.ANSWER_EVALUATED, user_id=answer.user_id, created_at=answer.created_at))
        prompt, completion = rng.randint(700, 1600), rng.randint(150, 450)
        calls.append(
            AICall(
                operation="evaluate_answer", provider="openai", model=DEMO_AI_MODEL, prompt_tokens=prompt,
                completion_tokens=completion, cost_usd=round(prompt * 1.5e-7 + completion * 6e-7, 6),
                latency_ms=rng.uniform(800, 4000), created_at=answer.created_at,
            )
        )  # fmt: skip
    _insert(Event, events)
    _insert(AICall, calls)
    return {"interviews": len(interviews), "answers": len(answers)}


def _subscriptions_create(*, rng: random.Random, people: list[DemoCandidate], now: datetime) -> int:
    paying = [person for person in people if rng.random() < PAYING_SHARE]
    prices = _premium_prices()
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
                "price": prices[interval],
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


def _premium_prices() -> dict[str, dict[str, Any]]:
    """Stripe Prices of the premium plans by interval, as the plans state them (staff edits included)."""
    plans = Plan.objects.filter(tier=PREMIUM).exclude(interval="").order_by("-is_active", "sort_order")
    prices: dict[str, dict[str, Any]] = {}
    for plan in plans:
        prices.setdefault(plan.interval, {
            "id": plan.stripe_price_id or f"price_demo_{plan.code}", "unit_amount": int(plan.price * 100),
            "currency": plan.currency, "recurring": {"interval": plan.interval},
        })  # fmt: skip
    return prices


def _logins_create(*, rng: random.Random, people: list[DemoCandidate], now: datetime) -> int:
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


def _demo_data_delete(user_ids: list[ObjectId]) -> None:
    """Remove a previous demo history (for ``force``); each app deletes its own documents."""
    demo_interviews_delete(user_ids=user_ids)
    collection_for(Event, write=True).delete_many({"user_id": {"$in": user_ids}})
    collection_for(AICall, write=True).delete_many({"model": DEMO_AI_MODEL})
    Subscription.objects.filter(id__startswith="sub_demo_").delete()
    Customer.objects.filter(id__startswith="cus_demo_").delete()
    BillingAccount.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()
    demo_candidates_delete(user_ids=user_ids)
