"""Interview errors: each maps to one status and code of the API contract."""

from django.utils.translation import gettext_lazy as _

from kernel.errors import Conflict, NotFound, ValidationFailed


class InterviewClosed(Conflict):
    code = "interview_closed"
    default_message = _("This interview no longer accepts answers.")


class InterviewNotCompleted(Conflict):
    code = "interview_not_completed"
    default_message = _("This interview has not been completed yet.")


class AlreadyAnswered(Conflict):
    code = "already_answered"
    default_message = _("This question has already been answered.")


class QuestionNotInInterview(NotFound):
    code = "question_not_in_interview"
    default_message = _("This question is not part of the interview.")


class NoQuestionsAvailable(ValidationFailed):
    code = "no_questions_available"
    default_message = _("The question bank has no questions for this type and level yet.")


class EvaluationInProgress(Conflict):
    code = "evaluation_in_progress"
    default_message = _("This answer is still being evaluated; try again once it is done.")


class EvaluationNotFailed(Conflict):
    code = "evaluation_not_failed"
    default_message = _("Only an evaluation that failed can be run again.")
