import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connections
from django.test.utils import CaptureQueriesContext

from accounts.models import IssuedRefreshToken, User
from accounts.tokens import RefreshToken
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_admin_is_closed_to_non_staff(client, user):
    client.force_login(user)

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "query", ["", "?q=ada", "?role__exact=staff", "?is_email_verified__exact=0", "?plan=free", "?plan=premium"]
)
def test_user_changelist_searches_and_filters(staff_client, user, query):
    response = staff_client.get(f"/admin/accounts/user/{query}")

    assert response.status_code == 200


def test_user_search_finds_by_email_and_name(staff_client, user, other_user):
    by_name = staff_client.get("/admin/accounts/user/?q=Grace").content.decode()
    by_email = staff_client.get("/admin/accounts/user/?q=ada@").content.decode()

    assert other_user.email in by_name and user.email not in by_name
    assert user.email in by_email and other_user.email not in by_email


def test_verify_action_marks_selected_users_verified(staff_client):
    target = make_user("late@example.com", is_email_verified=False)

    staff_client.post("/admin/accounts/user/", {"action": "verify_emails", "_selected_action": [str(target.pk)]})

    target.refresh_from_db()
    assert target.is_email_verified


def test_deactivate_action_blocks_login_and_revokes_sessions(staff_client, user):
    RefreshToken.for_user(user)

    staff_client.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [str(user.pk)]})

    user.refresh_from_db()
    assert not user.is_active
    assert not IssuedRefreshToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_revoke_sessions_action_signs_the_user_out_everywhere(staff_client, user, api_client):
    refresh = str(RefreshToken.for_user(user))

    staff_client.post("/admin/accounts/user/", {"action": "revoke_sessions", "_selected_action": [str(user.pk)]})

    assert api_client.post("/api/v1/auth/refresh/", {"refresh": refresh}).status_code == 401


def test_staff_cannot_promote_anyone(staff_client, staff_user, user):
    staff_client.post(
        f"/admin/accounts/user/{staff_user.pk}/change/",
        {
            "email": staff_user.email,
            "name": "Staff",
            "role": "admin",
            "is_superuser": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "settings": "{}",
            "skills": "",
        },
    )

    staff_user.refresh_from_db()
    assert (staff_user.role, staff_user.is_superuser) == ("staff", False)


def test_admin_can_add_a_user_from_the_admin(client):
    admin = User.objects.create_superuser("root@example.com", "a-strong-pass-2026", name="Root")
    client.force_login(admin)

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "added@example.com",
            "name": "Added",
            "password1": "a-strong-pass-2026",
            "password2": "a-strong-pass-2026",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    assert User.objects.get(email="added@example.com").check_password("a-strong-pass-2026")


@pytest.mark.parametrize("granted_through", ["user", "group"])
def test_permission_rows_still_open_sections_a_role_does_not(client, staff_user, granted_through):
    view_groups = Permission.objects.get(content_type__app_label="auth", codename="view_group")
    client.force_login(staff_user)
    assert client.get("/admin/auth/group/").status_code == 403  # groups are an admins-only section

    if granted_through == "user":
        staff_user.user_permissions.add(view_groups)
    else:
        reviewers = Group.objects.create(name="Reviewers")
        reviewers.permissions.add(view_groups)
        staff_user.groups.add(reviewers)

    assert client.get("/admin/auth/group/").status_code == 200
    assert client.get("/admin/auth/group/add/").status_code == 403  # viewing was granted, not adding


def test_a_staff_page_reads_only_the_staff_members_own_permission_rows(staff_client, staff_user):
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.permissions.add(Permission.objects.get(content_type__app_label="auth", codename="view_group"))
    staff_user.groups.add(reviewers)

    with CaptureQueriesContext(connections["default"]) as queries:
        assert staff_client.get("/admin/support/ticket/").status_code == 200

    # Django's own read joins every permission to every group's grants before it keeps this user's.
    reads = [q["sql"] for q in queries if "permission" in q["sql"] or "_groups" in q["sql"]]
    assert not [sql for sql in reads if "{'from': 'auth_group_permissions', 'pipeline': []" in sql]
    by_owner = [sql.split(".aggregate(", 1)[0].removeprefix("db.") for sql in reads if "{'$match': {'user_id'" in sql]
    assert by_owner == ["accounts_user_user_permissions", "accounts_user_groups"]
