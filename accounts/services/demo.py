"""The logins ``make run`` lists: a staff superuser and a demo candidate."""

from __future__ import annotations

from accounts import selectors
from accounts.models import User

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
