"""Receivers only: queue an answer's evaluation after it is stored, and erase recordings with their owner."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.hooks import personal_data_erasure
from interviews.models import Answer
from interviews.services import audio_files_delete
from interviews.tasks import evaluate_answer_task
from kernel.outbox import enqueue_on_commit


@receiver(post_save, sender=Answer, dispatch_uid="interviews.answer_evaluate")
def answer_saved(sender: type[Answer], instance: Answer, created: bool, raw: bool, **kwargs: Any) -> None:
    if created and not raw:
        enqueue_on_commit(evaluate_answer_task, answer_id=str(instance.pk))


@receiver(personal_data_erasure, dispatch_uid="interviews.erase_recordings")
def recordings_erase(sender: Any, user: Any, **kwargs: Any) -> None:
    audio_files_delete(answers=Answer.objects.filter(user=user))
