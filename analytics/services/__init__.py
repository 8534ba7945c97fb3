"""Analytics writes. Other apps record through ``event_record``; the demo seed lives in
``analytics.services.demo`` and is imported only by its command, because it imports the
services of billing and questions, which themselves record events here."""

from analytics.services.recording import ai_call_record, event_record

__all__ = ["ai_call_record", "event_record"]
