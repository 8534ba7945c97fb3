"""A sandbox for strangers' code: bubblewrap namespaces plus rlimits, and a judge for the outcome.

No Django here: the Celery task that runs it (interviews.coding) passes plain values in and out.
"""

from sandbox.runner import (
    LANGUAGES,
    CaseOutcome,
    CaseResult,
    Execution,
    Judgement,
    Limits,
    Verdict,
    execute,
    judge,
    same,
)

__all__ = [
    "LANGUAGES",
    "CaseOutcome",
    "CaseResult",
    "Execution",
    "Judgement",
    "Limits",
    "Verdict",
    "execute",
    "judge",
    "same",
]
