"""Coaching writes: resumes and their analysis, the review schedule, roadmaps and the coach conversation.

Each invariant that must hold under concurrency is a single-document conditional update: an analysis
runs only after flipping its resume from pending to running, a schedule sync writes only if no other
sync moved its watermark, a roadmap item is ticked in place, a chat turn is one capped ``$push``.
"""

from coaching.services.chat import chat_clear, chat_message_send
from coaching.services.practice import practice_schedule_sync, practice_schedule_update
from coaching.services.resume import (
    resume_analyze,
    resume_delete,
    resume_remove,
    resume_upload,
    resumes_reanalyze,
    resumes_remove,
    user_coaching_erase,
)
from coaching.services.roadmap import roadmap_generate, roadmap_item_set

__all__ = [
    "chat_clear",
    "chat_message_send",
    "practice_schedule_sync",
    "practice_schedule_update",
    "resume_analyze",
    "resume_delete",
    "resume_remove",
    "resume_upload",
    "resumes_reanalyze",
    "resumes_remove",
    "roadmap_generate",
    "roadmap_item_set",
    "user_coaching_erase",
]
