"""Demo accounts: the logins ``make run`` lists, and the candidates of a demo history."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId

from accounts import selectors
from accounts.models import User
from kernel.db.collections import collection_for

BATCH = 1000

DEMO_ADMIN = ("admin@interviewprep.local", "interviewprep-admin", "Demo Admin")
DEMO_USER = ("demo@interviewprep.local", "interviewprep-demo", "Demo Candidate")


def demo_users_seed() -> str:
    """Create the staff superuser and the demo candidate the README lists, once."""
    created = []
    email, password, name = DEMO_ADMIN
    if not selectors.user_email_taken(email=email):
        User.objects.create_superuser(email, password, name=name)
        created.append(email)
    email, password, name = DEMO_USER
    if not selectors.user_email_taken(email=email):
        User.objects.create_user(
            email,
            password,
            name=name,
            is_email_verified=True,
            target_role="Backend developer",
            experience_level="middle",
            skills=["Python", "Django", "SQL"],
        )
        created.append(email)
    return f"demo users: created {', '.join(created)}" if created else "demo users: already present"


def demo_candidates_create(*, domain: str, profiles: list[tuple[datetime, str]]) -> list[User]:
    """One verified candidate per (joined, experience level) at ``domain``, inserted in bulk: no signal
    runs, so the caller records their signups. They have no usable password: demo people never log
    in, and hashing hundreds of passwords would take seconds."""
    users = []
    for index, (joined, level) in enumerate(profiles):
        user = User(
            email=f"candidate{index}@{domain}", name=f"Demo Candidate {index}", is_email_verified=True,
            experience_level=level, date_joined=joined, last_login=joined,
        )  # fmt: skip
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=BATCH)
    return users


def demo_candidates_delete(*, user_ids: list[ObjectId]) -> None:
    """A raw delete, after the caller removed what they own elsewhere: a cascade over hundreds is slow."""
    collection_for(User, write=True).delete_many({"_id": {"$in": user_ids}})
