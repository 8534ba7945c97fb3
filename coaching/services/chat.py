"""The coach conversation: rate-limited, allowance-counted turns grounded in the user's facts."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from ai import get_provider
from ai.errors import AIError
from ai.types import ChatInput, ChatMessage
from billing.metering import chat_message_claim
from billing.plans import Feature
from billing.selectors import feature_require
from coaching.models import ChatMessage as StoredMessage
from coaching.models import Conversation
from coaching.selectors import coach_facts
from kernel.api.ratelimit import ai_call_enforce
from kernel.db.collections import collection_for
from kernel.errors import ServiceUnavailable
from kernel.events import ProductEvent, event_emit

# Stored history is capped; the model sees a token window of it (COACH_HISTORY_TOKENS).
MAX_STORED_MESSAGES = 200


def history_window(*, messages: list[StoredMessage], budget_tokens: int) -> tuple[ChatMessage, ...]:
    """The newest messages whose approximate size (characters / 4) fits the budget, oldest first."""
    window: list[ChatMessage] = []
    used = 0
    for message in reversed(messages):
        cost = len(message.content) // 4 + 1
        if used + cost > budget_tokens:
            break
        used += cost
        window.append(ChatMessage(role=message.role, content=message.content))
    return tuple(reversed(window))


def chat_message_send(*, user: User, message: str) -> StoredMessage:
    """Ask the coach; the question and the reply are stored together in one capped ``$push``."""
    feature_require(user=user, feature=Feature.CHAT_COACH)
    ai_call_enforce(group="chat", user_id=user.pk)
    chat_message_claim(user=user, now=timezone.now())
    conversation, _created = Conversation.objects.get_or_create(user=user)
    history = history_window(messages=list(conversation.messages), budget_tokens=settings.COACH_HISTORY_TOKENS)
    try:
        reply = get_provider().coach_reply(
            ChatInput(message=message, facts=coach_facts(user=user), history=history, language=user.language or "en")
        )
    except AIError as exc:
        raise ServiceUnavailable(code="ai_unavailable") from exc
    asked = StoredMessage(role="user", content=message, created_at=timezone.now())
    answered = StoredMessage(role="assistant", content=reply.content, created_at=timezone.now())
    collection_for(Conversation, write=True).update_one(
        {"_id": conversation.pk},
        {
            "$push": {
                "messages": {
                    "$each": [
                        {"role": m.role, "content": m.content, "created_at": m.created_at} for m in (asked, answered)
                    ],
                    "$slice": -MAX_STORED_MESSAGES,
                }
            },
            "$set": {"updated_at": answered.created_at},
        },
    )
    event_emit(name=ProductEvent.CHAT_MESSAGE, user_id=user.pk)
    return answered


def chat_clear(*, user: User) -> None:
    """Forget the conversation (not plan-gated: it is the user's data)."""
    Conversation.objects.filter(user=user).delete()
