"""How things travel: Stripe's form-encoded parameters in, signed webhook payloads out."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from typing import Any
from urllib.parse import parse_qsl

_BRACKETS = re.compile(r"\[([^\]]*)\]")
_NEVER_LISTS = frozenset({"metadata"})  # metadata[0]=x is a key named "0", not a list


def parse_form(encoded: str) -> dict[str, Any]:
    """Decode ``a[b][0][c]=v&expand[]=x`` into nested dicts and lists; values stay strings.

    Both ``expand[]=x`` and the SDK's ``expand[0]=x`` become lists.
    """
    root: dict[str, Any] = {}
    for key, value in parse_qsl(encoded, keep_blank_values=True):
        head = key.split("[", 1)[0]
        parts = [head, *_BRACKETS.findall(key[len(head) :])]
        node = root
        for part in parts[:-1]:
            name = part or str(len(node))
            child = node.get(name)
            if not isinstance(child, dict):
                child = node[name] = {}
            node = child
        node[parts[-1] or str(len(node))] = value
    return _listify(root, "")


def _listify(node: Any, key: str) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {k: _listify(v, k) for k, v in node.items()}
    if converted and key not in _NEVER_LISTS and all(k.isdigit() for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted


def sign_payload(payload: bytes | str, secret: str, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header value: ``t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<payload>">``."""
    signed_at = int(time.time()) if timestamp is None else timestamp
    body = payload.decode() if isinstance(payload, bytes) else payload
    mac = hmac.new(secret.encode(), f"{signed_at}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={signed_at},v1={mac}"
