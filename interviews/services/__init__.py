"""Interview writes: starting within the plan's weekly allowance (billing.metering), answering,
evaluating and compiling results.

MongoDB gives no multi-document transactions here (see docs/mongodb.md), so every
invariant that must survive concurrency is one conditional single-document
update: a start takes a slot only while the week has room, an evaluation runs
only after flipping its answer from pending to running, an interview gets at
most one follow-up and is completed once.
"""

from interviews.services.answers import (
    answer_reevaluate,
    answer_submit,
    answers_reevaluate,
    evaluations_regrade_fallback,
    evaluations_requeue_idle,
)
from interviews.services.coding import code_run
from interviews.services.evaluation import answer_evaluate, answer_regrade, follow_up_add
from interviews.services.lifecycle import (
    audio_files_delete,
    interview_complete,
    interview_delete,
    interview_start,
    interviews_close_stale,
)
from interviews.services.notifications import results_ready_email_send, weekly_digests_send
from interviews.services.results import result_compile
from interviews.services.sharing import share_link_create, share_links_revoke

__all__ = [
    "follow_up_add",
    "answer_evaluate",
    "answer_reevaluate",
    "answer_regrade",
    "answer_submit",
    "answers_reevaluate",
    "audio_files_delete",
    "code_run",
    "evaluations_regrade_fallback",
    "evaluations_requeue_idle",
    "interview_complete",
    "interview_delete",
    "interview_start",
    "interviews_close_stale",
    "result_compile",
    "share_link_create",
    "share_links_revoke",
    "results_ready_email_send",
    "weekly_digests_send",
]
