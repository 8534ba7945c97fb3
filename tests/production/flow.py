"""The production smoke flow, over HTTP only, so it runs against the local stack of
``test_smoke.py`` or against a real deployment (standard library only):

    python -m tests.production.flow --base-url https://api.example.com \\
        --admin-email ops@example.com --admin-password ... [--email someone+smoke@example.com]

It registers, verifies by the emailed link (pasted by the operator against a deployment), runs a
one-question interview answered with a recording and waits for the worker's grade, grants the
user premium in the admin and uploads a resume the worker analyses, loads a styled admin
changelist, the analytics dashboard and Swagger UI with every static asset they reference, checks
that the recording downloads only through its signed URL, and finally deletes the account, which
must remove the recording from storage.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

PASSWORD = "smoke-test-pass-phrase-2026"
# A WAV header and silence: accepted as audio by its bytes; the worker hands it to the transcriber.
RECORDING = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20 + bytes(4096)
TRANSCRIPT = (
    "I would explain the trade-off between consistency and latency: stronger consistency needs more "
    "coordination, so writes wait longer. For example, in a payments service we chose synchronous "
    "replication and measured that p99 latency rose from 40 ms to 65 ms, which was acceptable."
)
RESUME = (
    "Ada Lovelace\nBackend Developer\n\nExperience\n2019-2025 Senior Python developer at Analytical Engines: "
    "Django, PostgreSQL, MongoDB, Redis, Celery, Docker, AWS. Designed REST APIs and led a team of four.\n"
)
HASHED_ASSET = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")
ASSET_REFERENCE = re.compile(r"""(?:href|src)=["'](/static/[^"'?#]+)""")


class SmokeFailure(AssertionError):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    set_cookies: list[str] = field(default_factory=list)

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(
    url: str, *, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None
) -> Response:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with _opener.open(request, timeout=30) as response:
            status, message, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, message, body = error.code, error.headers, error.read()
    headers = {name.lower(): value for name, value in message.items()}
    return Response(status, headers, body, message.get_all("Set-Cookie") or [])


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, data, content_type) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@dataclass
class Site:
    """One visitor of the deployment: its cookies (sent by hand: the session cookies are Secure,
    and the local stack is plain HTTP behind a simulated TLS proxy) and its bearer token."""

    base_url: str
    behind_tls_proxy: bool = False
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        form: dict[str, str] | None = None,
        upload: tuple[bytes, str] | None = None,
    ) -> Response:
        headers: dict[str, str] = {}
        body = None
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif upload is not None:
            body, headers["Content-Type"] = upload
        if self.behind_tls_proxy:
            headers["X-Forwarded-Proto"] = "https"
        origin = self.origin
        if method != "GET":  # Django's CSRF check of HTTPS requests compares these with the host
            headers.update(Origin=origin, Referer=f"{origin}{path}")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = fetch(f"{self.base_url}{path}", method=method, body=body, headers=headers)
        for cookie in response.set_cookies:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    @property
    def origin(self) -> str:
        if not self.behind_tls_proxy:
            return self.base_url
        return f"https://{urlsplit(self.base_url).netloc}"

    def get(self, path: str) -> Response:
        return self.request("GET", path)


def wait_until(probe: Callable[[], Any], *, what: str, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    raise SmokeFailure(f"timed out after {timeout:.0f}s waiting for {what}")


def check_assets(site: Site, page: Response, *, where: str, expect: tuple[str, ...]) -> list[str]:
    """Every /static/ asset the page references is served, hashed and cacheable for long."""
    check(page.status == 200, f"{where}: HTTP {page.status}")
    assets = sorted(set(ASSET_REFERENCE.findall(html.unescape(page.text))))
    for needle in expect:
        check(any(needle in asset for asset in assets), f"{where} references no {needle} asset: {assets}")
    for asset in assets:
        served = site.get(asset)
        check(served.status == 200 and served.body, f"{where}: {asset} answered {served.status}")
        if HASHED_ASSET.search(asset):
            check("max-age=315360000" in served.headers.get("cache-control", ""), f"{asset} is not cached for long")
    check(any(HASHED_ASSET.search(asset) for asset in assets), f"{where}: no hashed asset names in {assets}")
    return assets


@dataclass
class Outcome:
    """What the flow saw, for checks only the local stack can make (what the transcriber received)."""

    email: str
    recording_key: str = ""
    answer: dict[str, Any] = field(default_factory=dict)
    resume: dict[str, Any] = field(default_factory=dict)
    stylesheets: list[str] = field(default_factory=list)


def admin_login(site: Site, email: str, password: str) -> None:
    page = site.get("/admin/login/")
    check(page.status == 200, f"admin login page: HTTP {page.status}")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(csrf, "admin login page has no CSRF token")
    assert csrf is not None
    answer = site.request(
        "POST",
        "/admin/login/",
        form={"csrfmiddlewaretoken": csrf.group(1), "username": email, "password": password, "next": "/admin/"},
    )
    check(answer.status == 302 and "sessionid" in site.cookies, f"admin login refused: HTTP {answer.status}")


def admin_form_post(site: Site, path: str, fields: dict[str, str]) -> Response:
    page = site.get(path)
    check(page.status == 200, f"{path}: HTTP {page.status}")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf is not None
    return site.request("POST", path, form={"csrfmiddlewaretoken": csrf.group(1), **fields})


def run(
    *,
    base_url: str,
    admin_email: str,
    admin_password: str,
    verification_link: Callable[[str], str],
    email: str | None = None,
    behind_tls_proxy: bool = False,
    send_transcript: bool = True,
    timeout: float = 120.0,
) -> Outcome:
    """The whole flow; raises SmokeFailure naming the first step that did not work."""
    outcome = Outcome(email=email or f"smoke-{uuid.uuid4().hex[:12]}@example.com")
    user = Site(base_url, behind_tls_proxy)
    staff = Site(base_url, behind_tls_proxy)

    ready = wait_until(
        lambda: (r := user.get("/api/v1/health/ready/")).status == 200 and r, what="readiness", timeout=timeout
    )
    check(set(ready.json()["checks"].values()) == {"ok"}, f"not ready: {ready.text}")

    # Register, then verify with the link from the email.
    registered = user.request(
        "POST", "/api/v1/auth/register/", json_body={"email": outcome.email, "password": PASSWORD, "name": "Smoke"}
    )
    check(registered.status == 201, f"register: HTTP {registered.status} {registered.text[:300]}")
    token = re.search(r"/verify-email\?token=([^\s\"&<]+)", verification_link(outcome.email))
    check(token, "the verification email holds no /verify-email?token= link")
    assert token is not None
    verified = user.request("POST", "/api/v1/auth/verify-email/", json_body={"token": token.group(1)})
    check(verified.status == 200 and verified.json()["is_email_verified"], f"verify: {verified.text[:300]}")
    login = user.request("POST", "/api/v1/auth/login/", json_body={"email": outcome.email, "password": PASSWORD})
    check(login.status == 200, f"login: HTTP {login.status}")
    user.token = login.json()["access"]

    # Staff: styled admin, premium for the user (written to the billing database), the dashboard.
    admin_login(staff, admin_email, admin_password)
    outcome.stylesheets = check_assets(
        staff, staff.get("/admin/interviews/interview/"), where="interview changelist", expect=("admin/css/base.",)
    )
    granted = admin_form_post(
        staff, "/admin/billing/premiumgrant/add/", {"email": outcome.email, "days": "1", "reason": "smoke test"}
    )
    check(granted.status == 302, f"premium grant in the admin: HTTP {granted.status} {granted.text[:500]}")
    check_assets(staff, staff.get("/admin/analytics/dashboard/"), where="analytics dashboard", expect=("admin/css/",))

    # Swagger UI and its bundled assets (drf-spectacular-sidecar).
    check_assets(user, user.get("/api/v1/docs/"), where="Swagger UI", expect=("swagger-ui-bundle.", "swagger-ui."))

    # An interview answered with a recording, graded by the worker.
    started = user.request(
        "POST", "/api/v1/interviews/", json_body={"type": "technical", "level": "middle", "question_count": 1}
    )
    check(started.status == 201, f"start interview: HTTP {started.status} {started.text[:300]}")
    interview = started.json()
    fields = {"question_id": interview["questions"][0]["id"]}
    if send_transcript:
        fields["transcript"] = TRANSCRIPT
    answered = user.request(
        "POST",
        f"/api/v1/interviews/{interview['id']}/answers/",
        upload=multipart(fields, {"audio": ("answer.wav", RECORDING, "audio/wav")}),
    )
    check(answered.status == 201, f"audio answer: HTTP {answered.status} {answered.text[:300]}")
    completed = user.request("POST", f"/api/v1/interviews/{interview['id']}/complete/")
    check(completed.status == 202, f"complete: HTTP {completed.status}")
    result = wait_until(
        lambda: (r := user.get(f"/api/v1/interviews/{interview['id']}/result/")).status == 200 and r.json(),
        what="the interview result (graded by the worker)",
        timeout=timeout,
    )
    answers = user.get(f"/api/v1/interviews/{interview['id']}/answers/").json()
    outcome.answer = answers[0] if isinstance(answers, list) else answers["results"][0]
    check(outcome.answer["evaluation_status"] == "done", f"answer not graded: {outcome.answer}")
    check(result["overall_score"] is not None, f"result without a score: {result}")

    # The recording: private, downloadable through its short-lived signed URL, as an attachment.
    signed = outcome.answer["audio_url"]
    download = fetch(signed)
    check(download.status == 200 and download.body == RECORDING, f"signed recording URL: HTTP {download.status}")
    check("attachment" in download.headers.get("content-disposition", ""), "the recording is not an attachment")
    unsigned = fetch(signed.split("?", 1)[0])
    check(unsigned.status in (401, 403) and RECORDING not in unsigned.body, "the recording is public")
    outcome.recording_key = urlsplit(signed).path

    # A resume, analysed by the worker.
    uploaded = user.request(
        "POST", "/api/v1/resume/", upload=multipart({}, {"file": ("cv.txt", RESUME.encode(), "text/plain")})
    )
    check(uploaded.status == 201, f"resume upload: HTTP {uploaded.status} {uploaded.text[:300]}")
    outcome.resume = wait_until(
        lambda: (r := user.get("/api/v1/resume/").json())["analysis_status"] in ("done", "failed") and r,
        what="the resume analysis",
        timeout=timeout,
    )
    check(outcome.resume["analysis_status"] == "done", f"resume analysis failed: {outcome.resume}")

    # Erasure: the account goes, and its recording with it.
    deleted = user.request("DELETE", "/api/v1/users/me/", json_body={"password": PASSWORD})
    check(deleted.status == 204, f"account deletion: HTTP {deleted.status}")
    # S3 answers 403 rather than 404 for a missing key to whoever may not list the bucket.
    gone = fetch(signed)
    check(gone.status in (403, 404) and RECORDING not in gone.body, "the recording outlived the account")
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True, help="e.g. https://api.example.com")
    parser.add_argument("--admin-email", required=True, help="a staff login of the deployment")
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--email", required=True, help="a new address whose mail you can read")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the worker, per step")
    options = parser.parse_args()

    def ask(address: str) -> str:
        return input(f"Paste the verification link emailed to {address}: ")

    outcome = run(
        base_url=options.base_url.rstrip("/"),
        admin_email=options.admin_email,
        admin_password=options.admin_password,
        verification_link=ask,
        email=options.email,
        timeout=options.timeout,
    )
    print(f"Smoke flow passed for {outcome.email} (account deleted).")


if __name__ == "__main__":
    main()
