"""Signals other apps connect to, sent once the change is stored (evaluations and
completions are conditional updates, which send no ``post_save``).

- ``answer_evaluated``: ``answer=`` with its evaluation stored (status done).
- ``interview_completed``: ``interview=`` once it is closed for answers.
"""

from django.dispatch import Signal

answer_evaluated = Signal()
interview_completed = Signal()
