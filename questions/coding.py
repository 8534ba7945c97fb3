"""Coding questions: the shape of their spec, and running code against it in the sandbox worker.

A coding question keeps its spec embedded in the question document (``Question.coding``):

    {"function": {"python": "two_sum", "javascript": "twoSum"},
     "signature": {"python": "def two_sum(nums, target)", "javascript": "function twoSum(nums, target)"},
     "starter": {"python": "...", "javascript": "..."},
     "examples": [{"args": [[2, 7, 11, 15], 9], "expected": [0, 1]}, ...],   # shown to candidates
     "tests": [{"args": [...], "expected": ...}, ...],                       # hidden
     "limits": {"cpu_seconds": 2, "memory_mb": 128},
     "reference": {"python": "...", "javascript": "..."}}                    # staff only

Code never runs in the web process: ``code_execute`` queues the run on the ``sandbox`` Celery
queue and waits for the worker's reply on a Redis list of its own (BLPOP), because Celery results
are ignored project-wide and only this caller needs one. Under eager Celery (tests) the task runs
inline and the reply is already there.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict
from typing import Any

import redis
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import sandbox
from kernel.errors import ServiceUnavailable
from questions.tasks import SANDBOX_QUEUE, reply_client, sandbox_run_task

LANGUAGES = sandbox.LANGUAGES
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_REPLY_KEY = "sandbox:reply:"
MAX_CASES = 50
MAX_CPU_SECONDS = 10
MAX_MEMORY_MB = 512


class SandboxUnavailable(ServiceUnavailable):
    code = "sandbox_unavailable"
    default_message = gettext_lazy("Code cannot be run right now. Try again in a moment.")


def spec_errors(spec: Any) -> list[str]:
    """What is wrong with a coding spec's shape (not whether its reference passes: see reference_check)."""
    if not isinstance(spec, dict):
        return [_("The coding spec must be an object.")]
    errors: list[str] = []
    for part in ("function", "signature", "starter", "reference"):
        value = spec.get(part)
        if (
            not isinstance(value, dict)
            or set(value) != set(LANGUAGES)
            or not all(isinstance(v, str) for v in value.values())
        ):
            errors.append(
                _("%(part)s must give a text for each of: %(languages)s.")
                % {"part": part, "languages": ", ".join(LANGUAGES)}
            )
    if isinstance(spec.get("function"), dict) and not all(
        _IDENTIFIER.match(str(name)) for name in spec["function"].values()
    ):
        errors.append(_("Function names must be identifiers."))
    for part in ("examples", "tests"):
        cases = spec.get(part)
        if not isinstance(cases, list) or not 1 <= len(cases) <= MAX_CASES:
            errors.append(_("%(part)s must be a list of 1 to %(max)d cases.") % {"part": part, "max": MAX_CASES})
        elif not all(
            isinstance(case, dict) and isinstance(case.get("args"), list) and "expected" in case for case in cases
        ):
            errors.append(_('Each case in %(part)s needs "args" (a list) and "expected".') % {"part": part})
    limits = spec.get("limits")
    if not isinstance(limits, dict) or not (
        isinstance(limits.get("cpu_seconds"), int | float)
        and 0 < limits["cpu_seconds"] <= MAX_CPU_SECONDS
        and isinstance(limits.get("memory_mb"), int)
        and 32 <= limits["memory_mb"] <= MAX_MEMORY_MB
    ):
        errors.append(
            _("limits needs cpu_seconds (at most %(cpu)d) and memory_mb (32 to %(memory)d).")
            % {"cpu": MAX_CPU_SECONDS, "memory": MAX_MEMORY_MB}
        )
    return errors


def public_spec(spec: dict[str, Any], *, staff: bool = False) -> dict[str, Any]:
    """The question's ``code`` as the API shows it: no hidden tests or references except to staff."""
    shown = {
        "function": spec["function"],
        "signature": spec["signature"],
        "languages": list(LANGUAGES),
        "starter_code": spec["starter"],
        "examples": [{"input": case["args"], "expected": case["expected"]} for case in spec["examples"]],
        "hidden_tests": len(spec["tests"]),
        "limits": spec["limits"],
    }
    if staff:
        shown["tests"] = [{"input": case["args"], "expected": case["expected"]} for case in spec["tests"]]
        shown["reference_solutions"] = spec["reference"]
    return shown


def limits_of(spec: dict[str, Any]) -> sandbox.Limits:
    return sandbox.Limits(cpu_seconds=float(spec["limits"]["cpu_seconds"]), memory_mb=int(spec["limits"]["memory_mb"]))


def code_judge(*, spec: dict[str, Any], language: str, code: str, cases: list[dict[str, Any]]) -> sandbox.Judgement:
    """Run ``code`` on ``cases`` in the sandbox worker and compare with their expected values here."""
    execution = code_execute(
        language=language,
        code=code,
        function=spec["function"].get(language, ""),
        cases=[case["args"] for case in cases],
        limits=limits_of(spec),
    )
    return sandbox.judge(execution=execution, expected=[case["expected"] for case in cases])


def reference_check(*, spec: dict[str, Any]) -> dict[str, sandbox.Judgement]:
    """Each language's reference solution against every example and hidden test."""
    cases = [*spec["examples"], *spec["tests"]]
    return {
        language: code_judge(spec=spec, language=language, code=spec["reference"][language], cases=cases)
        for language in LANGUAGES
    }


def code_execute(
    *, language: str, code: str, function: str, cases: list[Any], limits: sandbox.Limits
) -> sandbox.Execution:
    """Queue one run on the sandbox queue and wait for its reply; SandboxUnavailable when none comes in time."""
    reply_to = _REPLY_KEY + uuid.uuid4().hex
    wait = limits.wall_seconds + settings.SANDBOX_QUEUE_WAIT_SECONDS
    sandbox_run_task.apply_async(
        kwargs={
            "reply_to": reply_to,
            "language": language,
            "code": code,
            "function": function,
            "cases": cases,
            "limits": asdict(limits),
        },
        queue=SANDBOX_QUEUE,
        expires=settings.SANDBOX_QUEUE_WAIT_SECONDS,  # a run nobody waits for any more is dropped
    )
    try:
        reply = reply_client().blpop([reply_to], timeout=max(1, round(wait)))
    except redis.RedisError as exc:
        raise SandboxUnavailable() from exc
    if reply is None:
        raise SandboxUnavailable()
    return _execution_from(json.loads(reply[1]))


def _execution_from(data: dict[str, Any]) -> sandbox.Execution:
    cases = tuple(sandbox.CaseOutcome(**case) for case in data.pop("cases"))
    return sandbox.Execution(cases=cases, **data)
