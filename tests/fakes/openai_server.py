"""A local fake of the OpenAI REST API, for driving the real ``openai`` SDK in tests.

Serves ``POST /v1/chat/completions`` and ``POST /v1/audio/transcriptions``; anything else is an
OpenAI-style 404. Point ``OpenAI(base_url=server.base_url, api_key="test", max_retries=0)`` at it
and script replies per endpoint, e.g. ``server.enqueue("chat", ok_json({"score": 7}),
http_error(429, retry_after=2), delay(2, then=ok_text("late")))``. An empty queue falls back to
``server.default_chat(request_json)`` / ``server.default_transcription(multipart_fields)``.
For pytest, import both ``openai_server`` and ``_openai_server_session`` into a conftest.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal

import pytest

from tests.fakes.loopback import FakeHTTPServer, LoopbackFake

Endpoint = Literal["chat", "transcription"]
JSON = dict[str, Any]

_Response = tuple[int, JSON, dict[str, str]]  # status, JSON body, extra headers
_ROUTES: dict[str, Endpoint] = {"/v1/chat/completions": "chat", "/v1/audio/transcriptions": "transcription"}
_WORD_SECONDS = 0.4  # synthesised timestamps: 2.5 words per second


@dataclass(frozen=True)
class ChatReply:
    content: str


@dataclass(frozen=True)
class TranscriptReply:
    text: str
    words: tuple[tuple[str, float, float], ...]  # (word, start, end)
    duration: float


@dataclass(frozen=True)
class ErrorReply:
    status: int
    message: str
    retry_after: float | None
    code: str | None


@dataclass(frozen=True)
class DelayedReply:
    seconds: float
    then: Reply


Reply = ChatReply | TranscriptReply | ErrorReply | DelayedReply


def ok_json(obj: Any) -> ChatReply:
    """Chat reply whose message content is ``json.dumps(obj)`` (structured outputs)."""
    return ChatReply(json.dumps(obj))


def ok_text(text: str) -> ChatReply:
    """Chat reply whose message content is ``text`` verbatim (may be malformed JSON)."""
    return ChatReply(text)


def transcript(
    text: str, words: Sequence[tuple[str, float, float]] | None = None, duration: float | None = None
) -> TranscriptReply:
    """Transcription reply; without ``words``, timestamps are synthesised at 2.5 words/s."""
    if words is None:
        words = [(w, i * _WORD_SECONDS, (i + 1) * _WORD_SECONDS) for i, w in enumerate(text.split())]
    if duration is None:
        duration = words[-1][2] if words else 0.0
    return TranscriptReply(text, tuple(words), float(duration))


def http_error(
    status: int, message: str = "Simulated OpenAI error", retry_after: float | None = None, code: str | None = None
) -> ErrorReply:
    """OpenAI-style error body with ``status``, plus a ``Retry-After`` header if given."""
    return ErrorReply(status, message, retry_after, code)


def delay(seconds: float, then: Reply) -> DelayedReply:
    """Sleep ``seconds`` (in the handler thread only), then answer with ``then``."""
    return DelayedReply(seconds, then)


@dataclass(frozen=True)
class RecordedRequest:
    endpoint: Endpoint | Literal["unknown"]
    path: str
    headers: dict[str, str]  # lower-cased names
    body: JSON | None  # chat: JSON body; transcription: multipart fields; unknown: None


def _check(endpoint: Endpoint, reply: Reply) -> None:
    while isinstance(reply, DelayedReply):
        reply = reply.then
    if not isinstance(reply, (ErrorReply, ChatReply if endpoint == "chat" else TranscriptReply)):
        raise TypeError(f"{type(reply).__name__} cannot answer the {endpoint!r} endpoint")


def _error_response(reply: ErrorReply) -> _Response:
    kind = "requests" if reply.status == 429 else "server_error" if reply.status >= 500 else "invalid_request_error"
    body = {"error": {"message": reply.message, "type": kind, "param": None, "code": reply.code}}
    headers = {} if reply.retry_after is None else {"Retry-After": format(reply.retry_after, "g")}
    return reply.status, body, headers


def _chat_completion(request: JSON, reply: ChatReply) -> JSON:
    prompt, completion = max(1, len(json.dumps(request.get("messages", []))) // 4), max(1, len(reply.content) // 4)
    message = {"role": "assistant", "content": reply.content, "refusal": None}
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", ""),
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
    }


def _transcription(fields: JSON, reply: TranscriptReply) -> JSON:
    if fields.get("response_format") != "verbose_json":
        return {"text": reply.text}
    words = [{"word": w, "start": start, "end": end} for w, start, end in reply.words]
    return {
        "task": "transcribe",
        "language": "english",
        "duration": reply.duration,
        "text": reply.text,
        "words": words,
        "segments": [],
    }


def _parse_multipart(content_type: str, raw: bytes) -> JSON:
    """Fields as strings (lists for ``name[]``); files as {filename, content_type, size}."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    fields: JSON = {}
    for part in message.iter_parts():
        name, filename = str(part.get_param("name", header="content-disposition")), part.get_filename()
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        file = {"filename": filename, "content_type": part.get_content_type(), "size": len(data)}
        value: Any = data.decode() if filename is None else file
        if name.endswith("[]"):
            fields.setdefault(name, []).append(value)
        else:
            fields[name] = value
    return fields


class _Handler(BaseHTTPRequestHandler):
    server: FakeHTTPServer

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            status, body, extra_headers = self.server.fake._respond(self.command, self.path, headers, raw)
        except Exception as exc:  # report misconfiguration (e.g. a raising default) instead of hanging up
            status, body, extra_headers = _error_response(http_error(500, f"fake server failure: {exc!r}"))
        payload = json.dumps(body).encode()
        try:
            self.send_response(status)
            for name, value in {
                "Content-Type": "application/json",
                "Content-Length": str(len(payload)),
                **extra_headers,
            }.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except ConnectionError:  # the client gave up, e.g. after a timeout
            pass

    do_GET = do_PUT = do_PATCH = do_DELETE = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        pass


class FakeOpenAIServer(LoopbackFake):
    """Threaded fake OpenAI API on 127.0.0.1; scripting methods are thread-safe."""

    handler_class = _Handler
    thread_name = "fake-openai"
    default_chat: Callable[[JSON], Reply]
    default_transcription: Callable[[JSON], Reply]

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[Endpoint, deque[Reply]] = {"chat": deque(), "transcription": deque()}
        self._requests: list[RecordedRequest] = []
        self.reset()

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    @property
    def requests(self) -> list[RecordedRequest]:
        """Snapshot of the requests received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def enqueue(self, endpoint: Endpoint, *replies: Reply) -> None:
        """Queue replies for ``endpoint``; each request consumes one, in order."""
        for reply in replies:
            _check(endpoint, reply)
        with self._lock:
            self._queues[endpoint].extend(replies)

    def reset(self) -> None:
        """Clear queues and recorded requests and restore the default responders."""
        with self._lock:
            for queue in self._queues.values():
                queue.clear()
            self._requests.clear()
            self.default_chat = lambda request: ok_text("{}")
            self.default_transcription = lambda fields: transcript("hello world")

    def _respond(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> _Response:
        path = path.split("?", 1)[0]
        endpoint = _ROUTES.get(path) if method == "POST" else None
        if endpoint is None:
            with self._lock:
                self._requests.append(RecordedRequest("unknown", path, headers, None))
            return _error_response(http_error(404, f"Invalid URL ({method} {path})"))
        body = json.loads(raw) if endpoint == "chat" else _parse_multipart(headers.get("content-type", ""), raw)
        with self._lock:
            self._requests.append(RecordedRequest(endpoint, path, headers, body))
            queue = self._queues[endpoint]
            default = self.default_chat if endpoint == "chat" else self.default_transcription
            reply = queue.popleft() if queue else None
        if reply is None:
            reply = default(body)
            _check(endpoint, reply)
        while isinstance(reply, DelayedReply):
            time.sleep(reply.seconds)
            reply = reply.then
        if isinstance(reply, ErrorReply):
            return _error_response(reply)
        if isinstance(reply, ChatReply):
            return 200, _chat_completion(body, reply), {}
        return 200, _transcription(body, reply), {}


@pytest.fixture(scope="session")
def _openai_server_session() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def openai_server(_openai_server_session: FakeOpenAIServer) -> Iterator[FakeOpenAIServer]:
    _openai_server_session.reset()
    yield _openai_server_session
