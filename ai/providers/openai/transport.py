"""Getting a reply from the OpenAI API: result cache, circuit breaker, retries and accounting.

The SDK's own retries are off (max_retries=0) so that every attempt passes through one place that
honours the shared circuit breaker, spaces attempts out, and reports what each call cost.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

import jsonschema
import openai
from django.conf import settings
from django.core.cache import cache
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from ai.breaker import CircuitBreaker
from ai.errors import InvalidModelOutput, ProviderRejected, ProviderUnavailable
from ai.events import report
from ai.pricing import chat_cost_usd
from ai.prompts import Prompt
from ai.text import normalize
from ai.types import Usage

logger = logging.getLogger(__name__)

PROVIDER = "openai"
_RETRYABLE_STATUSES = frozenset({408, 409, 429})
_OUTPUT_ATTEMPTS = 2  # a malformed reply is retried once: the same request usually succeeds the second time

T = TypeVar("T")


@functools.lru_cache(maxsize=4)
def _client(api_key: str, base_url: str | None, timeout: float) -> openai.OpenAI:
    return openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)


def client() -> openai.OpenAI:
    """One client (and connection pool) per configuration, so overridden settings take effect at once."""
    return _client(settings.OPENAI_API_KEY, settings.OPENAI_BASE_URL, settings.AI_TIMEOUT_SECONDS)


def breaker() -> CircuitBreaker:
    return CircuitBreaker(
        PROVIDER, failures=settings.AI_BREAKER_FAILURES, cooldown_seconds=settings.AI_BREAKER_COOLDOWN_SECONDS
    )


def backoff_seconds(attempt: int, retry_after: float | None = None) -> float:
    """Wait before retry number ``attempt`` (0-based): the server's Retry-After if it gave one, else
    exponential backoff with jitter so that workers failing together do not retry together. Both capped."""
    cap = settings.AI_BACKOFF_MAX_SECONDS
    if retry_after is not None:
        return min(max(retry_after, 0.0), cap)
    ceiling = min(cap, settings.AI_BACKOFF_BASE_SECONDS * 2**attempt)
    return random.uniform(ceiling / 2, ceiling)


def _retry_after(error: openai.APIStatusError) -> float | None:
    headers = error.response.headers
    for name, seconds_per_unit in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            return float(headers[name]) * seconds_per_unit
        except (KeyError, ValueError):  # absent, or an HTTP date: fall back to our own backoff
            continue
    return None


def send(operation: str, model: str, call: Callable[[openai.OpenAI], T], *, sender: type) -> tuple[T, float]:
    """Run ``call`` with retries behind the circuit breaker; return its result and latency in ms.

    Raises ProviderUnavailable when the breaker is open or the retries are used up, and
    ProviderRejected for a 4xx that retrying cannot fix (those do not count against the breaker).
    """
    circuit = breaker()
    retries = settings.AI_MAX_RETRIES
    for attempt in range(retries + 1):
        circuit.check()
        started = time.monotonic()
        try:
            result = call(client())
        except openai.APIStatusError as error:
            if error.status_code < 500 and error.status_code not in _RETRYABLE_STATUSES:
                raise ProviderRejected(f"{operation}: HTTP {error.status_code}: {error.message}") from error
            failure: Exception = error
            wait = backoff_seconds(attempt, _retry_after(error))
        except openai.APIConnectionError as error:  # includes APITimeoutError
            failure, wait = error, backoff_seconds(attempt)
        else:
            circuit.record_success()
            return result, (time.monotonic() - started) * 1000
        circuit.record_failure()
        logger.warning("ai %s attempt %d/%d failed: %r", operation, attempt + 1, retries + 1, failure)
        if attempt < retries:
            time.sleep(wait)
    report(sender, Usage(operation=operation, provider=PROVIDER, model=model, ok=False, extra={"error": "unavailable"}))
    raise ProviderUnavailable(f"{operation}: gave up after {retries + 1} attempts: {failure!r}") from failure


def _cache_key(prompt: Prompt, model: str) -> str:
    """Same prompt version, model and input modulo case and whitespace: same result, never paid twice."""
    identity = json.dumps([prompt.version, model, normalize(prompt.system), normalize(prompt.user)])
    return "ai:result:" + hashlib.sha256(identity.encode()).hexdigest()


def _parse(content: str | None, schema: dict[str, Any]) -> dict[str, Any]:
    try:
        reply = json.loads(content or "")
        jsonschema.validate(reply, schema)
    except (ValueError, jsonschema.ValidationError) as error:
        raise InvalidModelOutput(str(error)[:200]) from error
    return reply


def _account(
    sender: type, operation: str, model: str, completion: ChatCompletion, latency_ms: float, *, ok: bool
) -> None:
    prompt_tokens = completion.usage.prompt_tokens if completion.usage else 0
    completion_tokens = completion.usage.completion_tokens if completion.usage else 0
    usage = Usage(
        operation=operation,
        provider=PROVIDER,
        model=model,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        cost_usd=chat_cost_usd(model, prompt_tokens, completion_tokens),
        latency_ms=latency_ms,
        ok=ok,
        extra={} if ok else {"error": "invalid_output"},
    )
    report(sender, usage)


def structured(operation: str, prompt: Prompt, *, sender: type) -> dict[str, Any]:
    """The model's JSON reply to ``prompt``, validated against its schema; cached for AI_CACHE_SECONDS.

    A malformed or invalid reply is paid for and reported, then the request is repeated once;
    a second bad reply raises InvalidModelOutput.
    """
    model = settings.AI_CHAT_MODEL
    key = _cache_key(prompt, model)
    cached = cache.get(key)
    if cached is not None:
        report(sender, Usage(operation=operation, provider=PROVIDER, model=model, cached=True))
        return cached
    response_format: ResponseFormatJSONSchema = {
        "type": "json_schema",
        "json_schema": {"name": prompt.name, "strict": True, "schema": prompt.schema},
    }
    messages = cast("list[ChatCompletionMessageParam]", prompt.messages())
    failure: InvalidModelOutput | None = None
    for attempt in range(_OUTPUT_ATTEMPTS):
        completion, latency_ms = send(
            operation,
            model,
            lambda c: c.chat.completions.create(
                model=model,
                messages=messages,
                response_format=response_format,
            ),
            sender=sender,
        )
        try:
            reply = _parse(completion.choices[0].message.content if completion.choices else None, prompt.schema)
        except InvalidModelOutput as error:
            _account(sender, operation, model, completion, latency_ms, ok=False)
            logger.warning("ai %s: invalid model output (attempt %d): %s", operation, attempt + 1, error)
            failure = error
            continue
        _account(sender, operation, model, completion, latency_ms, ok=True)
        cache.set(key, reply, settings.AI_CACHE_SECONDS)
        return reply
    raise InvalidModelOutput(f"{operation}: {failure}") from failure
