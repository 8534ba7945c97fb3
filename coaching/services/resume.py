"""Resumes: upload (validated by content, one per user), analysis by the AI layer, deletion and erasure."""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ai import get_provider
from ai.errors import AIError, InvalidModelOutput, ProviderUnavailable
from ai.types import ResumeAnalysisInput
from billing.plans import Feature
from billing.selectors import feature_require
from coaching import catalog
from coaching.documents import resume_file_read
from coaching.models import Conversation, PracticeSchedule, Resume, Roadmap
from coaching.selectors import target_role_expected_skills
from kernel.api.fields import parse_object_id
from kernel.api.ratelimit import ai_call_enforce
from kernel.errors import Conflict, NotFound
from kernel.events import ProductEvent, event_emit
from kernel.outbox import enqueue_on_commit

logger = logging.getLogger(__name__)

# A "running" analysis older than this belongs to a worker that died; it may be claimed again.
STALE_ANALYSIS = timedelta(minutes=15)


def resume_upload(*, user: User, file: UploadedFile) -> Resume:
    """Store the user's resume in place of the previous one (whose file is deleted once this is
    committed); its analysis is queued by the post_save signal."""
    feature_require(user=user, feature=Feature.RESUME_ANALYSIS)
    ai_call_enforce(group="resume_analysis", user_id=user.pk)
    resume_format, data, text = resume_file_read(file=file)
    resume = Resume.objects.filter(user=user).first() or Resume(user=user)
    old_file = resume.file.name if resume.pk else ""
    # Named by the detected format: the client's file name is only shown back to them.
    resume.file.save(f"resume.{resume_format}", ContentFile(data), save=False)
    resume.filename = (file.name or "")[:255]
    resume.format = resume_format
    resume.size = len(data)
    resume.text = text
    resume.analysis_status = Resume.AnalysisStatus.PENDING
    resume.analysis_error = ""
    resume.analysis = {}
    resume.skills = []
    resume.uploaded_at = timezone.now()
    resume.analyzed_at = None
    resume.full_clean(exclude=["file"])
    try:
        resume.save()
    except IntegrityError as exc:  # a concurrent first upload won the one-resume-per-user index
        default_storage.delete(resume.file.name)
        raise Conflict(_("Another upload of your resume is in progress; try again.")) from exc
    if old_file:
        transaction.on_commit(partial(default_storage.delete, old_file))
    event_emit(name=ProductEvent.RESUME_UPLOADED, user_id=user.pk)
    return resume


def resume_delete(*, user: User) -> None:
    """Remove the resume and its stored file; 404 when there is none (not plan-gated: it is the user's data)."""
    resume = Resume.objects.filter(user=user).first()
    if resume is None:
        raise NotFound()
    resume_remove(resume=resume)


def resumes_remove(*, resumes: Any) -> None:
    """Staff deleting resumes in the admin: documents and stored files go together."""
    for resume in resumes:
        resume_remove(resume=resume)


def resume_remove(*, resume: Resume) -> None:
    """Delete the document, then its stored file."""
    name = resume.file.name
    resume.delete()
    if name:
        default_storage.delete(name)


def resume_analyze(*, resume_id: Any, final_attempt: bool = True, redelivered: bool = False) -> Resume | None:
    """Analyse one resume, at most once at a time (claimed by flipping pending or stale running to
    running; a ``redelivered`` task takes over any running claim, which its dead worker left, as in
    ``answer_evaluate``). A retryable AI error releases the claim and propagates, except on the final
    attempt, where the resume is marked failed with the reason so staff can re-run it."""
    now = timezone.now()
    object_id = parse_object_id(resume_id)
    running = Q(analysis_status=Resume.AnalysisStatus.RUNNING)
    if not redelivered:
        running &= Q(analyzed_at__lt=now - STALE_ANALYSIS)
    claimable = Q(analysis_status=Resume.AnalysisStatus.PENDING) | running
    # analyzed_at doubles as the claim time while running.
    if object_id is None or not Resume.objects.filter(claimable, pk=object_id).update(
        analysis_status=Resume.AnalysisStatus.RUNNING, analyzed_at=now
    ):
        return None
    resume = Resume.objects.select_related("user").get(pk=object_id)
    target_role, expected = target_role_expected_skills(user=resume.user)
    try:
        analysis = get_provider().analyze_resume(
            ResumeAnalysisInput(
                text=resume.text,
                target_role=target_role or resume.user.target_role,
                expected_skills=expected,
                vocabulary=catalog.vocabulary(),
                roles=catalog.roles(),
                language=resume.user.language or "en",
            )
        )
    except (ProviderUnavailable, InvalidModelOutput) as exc:
        status = Resume.AnalysisStatus.FAILED if final_attempt else Resume.AnalysisStatus.PENDING
        _resume_settle(resume_id=object_id, status=status, error=f"{type(exc).__name__}: {exc}")
        if not final_attempt:
            raise
        return None
    except AIError as exc:
        _resume_settle(resume_id=object_id, status=Resume.AnalysisStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        return None
    stored = asdict(analysis)
    _resume_settle(
        resume_id=object_id,
        status=Resume.AnalysisStatus.DONE,
        analysis={key: list(value) if isinstance(value, tuple) else value for key, value in stored.items()},
        skills=list(analysis.skills),
    )
    resume.refresh_from_db()
    return resume


def _resume_settle(*, resume_id: Any, status: str, error: str = "", **fields: Any) -> None:
    """Store the outcome of the running analysis this process claimed (a re-upload meanwhile wins)."""
    Resume.objects.filter(pk=resume_id, analysis_status=Resume.AnalysisStatus.RUNNING).update(
        analysis_status=status, analysis_error=error[:200], analyzed_at=timezone.now(), **fields
    )


def resumes_reanalyze(*, resumes: QuerySet[Resume]) -> int:
    """Queue the analysis of ``resumes`` again (staff action); returns how many were queued."""
    from coaching.tasks import analyze_resume_task  # tasks import services

    ids = list(resumes.exclude(analysis_status=Resume.AnalysisStatus.RUNNING).values_list("pk", flat=True))
    Resume.objects.filter(pk__in=ids).update(analysis_status=Resume.AnalysisStatus.PENDING, analysis_error="")
    for resume_id in ids:
        enqueue_on_commit(analyze_resume_task, resume_id=str(resume_id))
    return len(ids)


def user_coaching_erase(*, user: Any) -> None:
    """Account deletion: resumes with their files, roadmaps, the review schedule and the conversation."""
    for resume in Resume.objects.filter(user=user):
        resume_remove(resume=resume)
    Roadmap.objects.filter(user=user).delete()
    PracticeSchedule.objects.filter(user=user).delete()
    Conversation.objects.filter(user=user).delete()
