"""The staff-only analytics dashboard and its JSON endpoints."""

import pytest
from django.test import Client

from analytics.selectors import METRICS

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/analytics/dashboard/"
QUERY = "?start=2025-03-01&end=2025-03-03"


@pytest.fixture
def staff_client(staff_user) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize("path", [DASHBOARD, f"/admin/analytics/api/mrr/{QUERY}"])
def test_anonymous_and_normal_users_are_sent_to_the_login_page(path, user):
    anonymous = Client().get(path)
    signed_in = Client()
    signed_in.force_login(user)
    normal = signed_in.get(path)

    for response in (anonymous, normal):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_dashboard_renders_the_range_picker_and_chart_containers(staff_client):
    response = staff_client.get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="date"') == 2
    for chart in ("chart-active-users", "chart-signups", "chart-interviews", "chart-scores", "chart-ai-cost"):
        assert f'id="{chart}"' in html
    assert "table-hardest-questions" in html
    assert "https://" not in html.split("<script>")[1]  # charts are drawn locally, nothing from a CDN


def test_admin_index_links_to_the_dashboard(staff_client):
    assert DASHBOARD in staff_client.get("/admin/").content.decode()


@pytest.mark.parametrize("metric", list(METRICS))
def test_every_metric_endpoint_answers_json_for_staff(staff_client, metric):
    response = staff_client.get(f"/admin/analytics/api/{metric}/{QUERY}")

    assert response.status_code == 200
    body = response.json()
    assert (body["metric"], body["start"], body["end"]) == (metric, "2025-03-01", "2025-03-03")


@pytest.mark.parametrize(
    "query", ["?start=2025-03-05&end=2025-03-01", "?start=yesterday", "?start=2020-01-01&end=2025-01-01"]
)
def test_a_malformed_or_reversed_range_is_a_400(staff_client, query):
    assert staff_client.get(f"/admin/analytics/api/mrr/{query}").status_code == 400


def test_an_unknown_metric_is_a_404(staff_client):
    assert staff_client.get(f"/admin/analytics/api/nope/{QUERY}").status_code == 404
