"""Receivers only: any saved or deleted question invalidates the cached bank responses."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from questions.models import Question
from questions.services import question_bank_changed


@receiver(post_save, sender=Question, dispatch_uid="questions.bank_saved")
def question_saved(sender: type[Question], instance: Question, created: bool, **kwargs: Any) -> None:
    # A new follow-up is never listed and cannot have been cached by id yet.
    if not (created and instance.is_follow_up):
        question_bank_changed()


@receiver(post_delete, sender=Question, dispatch_uid="questions.bank_deleted")
def question_deleted(sender: type[Question], instance: Question, **kwargs: Any) -> None:
    question_bank_changed()
