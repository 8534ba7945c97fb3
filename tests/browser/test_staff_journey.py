"""A staff member's day in a real browser (Debian's chromium driven by Playwright)
against the real app on a live server: answer a support ticket in the admin,
read the analytics dashboard, call the API from Swagger UI.

Every page is saved to ``var/screenshots/``; the README shows copies kept in
``docs/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from analytics.services.demo import demo_data_seed
from conftest import PASSWORD
from support.models import Ticket
from tests.support.conftest import ticket  # noqa: F401  (a user's open ticket)

# The live server thread reads the database the test thread writes, so the test
# is transactional; on MongoDB every test already is (no rollback), this only
# makes the billing database flush too.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing chromium would fetch on its own: this machine's network is closed.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
WAIT_MS = 30_000
REPLY = "Thanks for telling us. Reload the page and the Start button works again."


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium); nothing is downloaded")
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django
    # would refuse every ORM call from the test and its fixtures (including the
    # database flush) as "async unsafe"; they are plain synchronous calls.
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser profile that may only talk to the live server; anything else
    (a CDN, say) is refused and listed in ``page.outside_requests``."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    # Patience for a busy shared machine (Playwright's default is 5 s): how long to wait, never a speed check.
    context.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    outside: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    # The admin's model sidebar starts collapsed, so screenshots show the page itself.
    context.add_init_script("localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")
    page = context.new_page()
    page.outside_requests = outside  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def analytics_history(db: None) -> None:
    """A small demo history inside the dashboard's default 30-day range, on the real question bank."""
    demo_data_seed(users=40, interviews=300, days=30)


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def log_in(page: Page, user: User) -> None:
    page.goto("/admin/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_have_text("InterviewPrep staff")


def answer_ticket(page: Page, subject: str) -> None:
    page.goto("/admin/support/ticket/")
    page.get_by_role("link", name=subject).click()
    expect(page.locator(".field-thread")).to_contain_text("The button does nothing.")
    page.get_by_label("Reply").fill(REPLY)
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    thread = page.locator(".field-thread")
    expect(thread).to_contain_text(REPLY)
    expect(page.get_by_label("Status")).to_have_value(Ticket.Status.IN_PROGRESS)
    thread.scroll_into_view_if_needed()
    screenshot(page, "admin-support-ticket")


def charts_drawn(page: Page) -> dict[str, Any]:
    """What the dashboard drew: per line chart the highest value on its axis and how many
    points rise above the axis; the score bars' heights; the hardest questions listed."""
    return page.evaluate(
        """() => {
        const lines = {};
        for (const svg of document.querySelectorAll("svg[data-series]")) {
          const axis = +svg.querySelector("line").getAttribute("y1");
          const points = [...svg.querySelectorAll("polyline")].flatMap(line =>
            line.getAttribute("points").split(" ").map(point => +point.split(",")[1]));
          lines[svg.id] = {max: +svg.querySelector("text").textContent, risen: points.filter(y => y < axis).length};
        }
        return {
          lines,
          bars: [...document.querySelectorAll("#chart-scores rect")].map(bar => +bar.getAttribute("height")),
          hardest: document.querySelectorAll("#table-hardest-questions tbody tr").length,
        };
        }"""
    )


def read_dashboard(page: Page) -> None:
    page.goto("/admin/")
    page.get_by_role("link", name="Analytics dashboard").click()
    # The page fetches its metrics one by one; AI usage comes last.
    expect(page.locator(".an-kpi", has_text="AI cost (USD)")).to_be_visible()
    expect(page.locator("#an-error")).to_be_hidden()

    drawn = charts_drawn(page)
    assert set(drawn["lines"]) == {
        "chart-active-users", "chart-signups", "chart-interviews", "chart-ai-calls", "chart-ai-tokens", "chart-ai-cost",
    }  # fmt: skip
    for chart, line in drawn["lines"].items():
        assert line["max"] > 0 and line["risen"] > 0, f"{chart} drew nothing: {line}"
    assert drawn["bars"] and all(height > 0 for height in drawn["bars"])
    assert drawn["hardest"] > 0
    for label in ("MAU", "Active subscriptions"):
        value = page.locator(".an-kpi", has_text=label).locator("b").inner_text()
        assert float(value) > 0, f"{label} is {value}"
    screenshot(page, "admin-analytics-dashboard")


def call_health_from_swagger(page: Page) -> None:
    page.goto("/api/v1/docs/")
    operation = page.locator("#operations-health-health_live")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()

    response = operation.locator(".live-responses-table .response")
    expect(response.locator(".response-col_status")).to_have_text("200")
    expect(response.locator(".response-col_description pre").first).to_contain_text('"status": "ok"')
    operation.evaluate("element => element.scrollIntoView()")  # the operation, its call and the answer
    screenshot(page, "swagger-ui")


def test_staff_answers_a_ticket_reads_the_dashboard_and_calls_the_api(
    page: Page,
    staff_user: User,
    user: User,
    ticket: Ticket,  # noqa: F811
    analytics_history: None,
) -> None:
    mail.outbox.clear()  # the support inbox's notice of the new ticket
    log_in(page, staff_user)

    answer_ticket(page, ticket.subject)
    [email] = mail.outbox
    assert email.to == [user.email]
    assert REPLY in email.body

    read_dashboard(page)
    call_health_from_swagger(page)
    assert page.outside_requests == []  # type: ignore[attr-defined]
