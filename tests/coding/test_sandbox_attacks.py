"""Hostile code, through the run endpoint: each attack is contained and gets its verdict, nothing of it
survives the run, and the sandbox keeps serving honest code afterwards."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from pathlib import Path

import psutil
import pytest

from interviewprep.celery import app
from questions import coding
from sandbox import runner
from tests.coding.conftest import coding_row
from tests.workers import wait_for

pytestmark = pytest.mark.django_db

SPEC = coding_row("code-two-sum")["coding"]
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "interviewprep" / "settings" / "base.py"
MARKER = f"/tmp/pwned-{uuid.uuid4().hex}"


def python(body: str) -> str:
    lines = "\n".join(f"    {line}" for line in body.strip().splitlines())
    return f"import os, socket, subprocess, time\n\n\ndef two_sum(nums, target):\n{lines}\n"


# Writes an empty report to every descriptor the harness might report on, then exits "successfully".
FORGE = """
for fd in range(3, 10):
    try:
        os.write(fd, b'{"results": []}')
    except OSError:
        pass
os._exit(0)
"""

ATTACKS = {
    "fork bomb": ("python", python("while True:\n    os.fork()"), "runtime_error", "BlockingIOError"),
    "infinite loop": ("python", python("while True:\n    pass"), "timeout", ""),
    "memory hog": ("python", python("hog = []\nwhile True:\n    hog.append(bytearray(10**7))"), "memory", ""),
    "read /etc/passwd": ("python", python("return open('/etc/passwd').read()"), "runtime_error", "FileNotFoundError"),
    "read the settings": (
        "python",
        python(f"return open({str(SETTINGS_FILE)!r}).read()"),
        "runtime_error",
        "FileNotFoundError",
    ),
    "write outside tmp": ("python", python("open('/usr/pwned', 'w').write('x')"), "runtime_error", "OSError"),
    "write to shared memory": ("python", python("open('/dev/shm/pwned', 'w').write('x')"), "runtime_error", "OSError"),
    "spawn a shell": (
        "python",
        python("return subprocess.run(['/bin/sh', '-c', 'id']).returncode"),
        "runtime_error",
        "FileNotFoundError",
    ),
    "forged empty report": (
        "python",
        python(FORGE),
        "runtime_error",
        "",
    ),
    "huge output": ("python", python("while True:\n    print('x' * 10000)"), "output_limit", ""),
    "huge return value": ("python", python("return 'x' * 10**6"), "output_limit", ""),
    "sleep past the wall limit": ("python", python("time.sleep(60)"), "timeout", ""),
    "js infinite loop": ("javascript", "function twoSum(nums, target) { for (;;) {} }", "timeout", ""),
    "js memory hog": (
        "javascript",
        "function twoSum() { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }",
        "memory",
        "",
    ),
    "js spawns a shell": (
        "javascript",
        "function twoSum() { return process.mainModule.require('child_process').execSync('id').toString(); }",
        "runtime_error",
        "",
    ),
}


@pytest.fixture
def run(auth_client, coding_interview, settings):
    settings.RATELIMIT_CODE_RUN_PER_USER = "1000/m"

    def post(language, code):
        body = {"question_id": coding_interview["questions"][0]["id"], "language": language, "code": code}
        response = auth_client.post(f"/api/v1/interviews/{coding_interview['id']}/run/", body, format="json")
        assert response.status_code == 200, response.content
        return response.json()

    return post


def _sandbox_processes() -> list[psutil.Process]:
    uids = range(runner._host_uid(0), runner._host_uid(0) + 64)
    return [process for process in psutil.process_iter(["uids"]) if process.info["uids"].real in uids]


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_each_attack_gets_its_verdict_and_leaves_nothing_behind(run, attack):
    language, code, verdict, error = ATTACKS[attack]
    body = run(language, code)
    assert body["verdict"] == verdict, body
    assert body["cases"] == [] or body["cases"][0]["error"].startswith(error)
    assert _sandbox_processes() == []
    # The worker keeps serving.
    assert run("python", SPEC["reference"]["python"])["verdict"] == "passed"


def test_the_environment_holds_nothing_of_the_project(run):
    body = run("python", python("return sorted(os.environ.items())"))
    assert body["cases"][0]["output"] == [
        ["HOME", "/tmp"],
        ["LANG", "C.UTF-8"],
        ["PATH", "/nonexistent"],
        ["PWD", "/tmp"],
    ]
    assert os.environ.get("DJANGO_SETTINGS_MODULE")  # which the test process does have


def test_the_network_is_unreachable_even_on_loopback(run):
    """A listener standing in for the API's port: the sandbox cannot reach it, and one the code opens
    exists only inside its own network namespace."""
    with socket.create_server(("127.0.0.1", 0)) as api:
        api.settimeout(0.2)
        port = api.getsockname()[1]
        body = run("python", python(f"socket.create_connection(('127.0.0.1', {port}), timeout=2)"))
        assert body["verdict"] == "runtime_error"
        assert "Network is unreachable" in body["cases"][0]["error"] or "refused" in body["cases"][0]["error"]
        with pytest.raises(TimeoutError):
            api.accept()
        opened = run(
            "python", python("listener = socket.create_server(('0.0.0.0', 0))\nreturn listener.getsockname()[1]")
        )
        assert opened["verdict"] == "failed"
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", opened["cases"][0]["output"]), timeout=1)


def test_files_written_in_the_sandbox_tmp_do_not_reach_the_host(run):
    body = run("python", python(f"open({MARKER!r}, 'w').write('x')\nreturn os.listdir('/tmp')"))
    assert body["cases"][0]["output"] == [MARKER.removeprefix("/tmp/")]
    assert not Path(MARKER).exists()


def test_twenty_submissions_at_once_each_get_their_verdict(two_sum):
    """Half of them fork bombs: each run has its own host uid, so one's processes cannot starve another's."""
    codes = [SPEC["reference"]["python"], ATTACKS["fork bomb"][1]] * 10
    verdicts: list[str] = [""] * len(codes)

    def submit(index: int) -> None:
        judgement = coding.code_judge(spec=SPEC, language="python", code=codes[index], cases=SPEC["examples"])
        verdicts[index] = judgement.verdict

    threads = [threading.Thread(target=submit, args=(index,)) for index in range(len(codes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert verdicts == ["passed", "runtime_error"] * 10
    assert _sandbox_processes() == []


@pytest.mark.slow
def test_runs_go_through_the_sandbox_queue_of_a_real_worker(start_worker, run):
    start_worker()
    assert wait_for(lambda: app.control.ping(timeout=0.5))
    assert run("python", SPEC["reference"]["python"])["verdict"] == "passed"
