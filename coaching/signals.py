"""Receivers only: queue resume analysis, keep the review schedule in step with evaluations, erase with the account."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.hooks import personal_data_erasure
from coaching.models import Resume
from coaching.services import user_coaching_erase
from coaching.tasks import analyze_resume_task, practice_schedule_sync_task
from interviews.hooks import answer_evaluated
from interviews.models import Answer
from kernel.outbox import enqueue_on_commit


@receiver(post_save, sender=Resume, dispatch_uid="coaching.resume_analyze")
def resume_saved(sender: type[Resume], instance: Resume, raw: bool, **kwargs: Any) -> None:
    if not raw and instance.analysis_status == Resume.AnalysisStatus.PENDING:
        enqueue_on_commit(analyze_resume_task, resume_id=str(instance.pk))


@receiver(answer_evaluated, dispatch_uid="coaching.answer_schedule")
def answer_evaluated_schedule(sender: type[Answer], answer: Answer, **kwargs: Any) -> None:
    """Bring the user's review schedule up to date with the new score (the sync is idempotent)."""
    enqueue_on_commit(practice_schedule_sync_task, user_id=str(answer.user_id))


@receiver(personal_data_erasure, dispatch_uid="coaching.erase")
def coaching_erase(sender: Any, user: Any, **kwargs: Any) -> None:
    user_coaching_erase(user=user)
