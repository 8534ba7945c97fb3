"""The signal apps above interviews connect to (coaching keeps the review schedule in step), sent
once the evaluation is stored: an evaluation is a conditional update, which sends no ``post_save``.

- ``answer_evaluated``: ``answer=`` with its evaluation stored (status done).
"""

from django.dispatch import Signal

answer_evaluated = Signal()
