"""Interview errors: each maps to one status and code of the API contract."""

from django.utils.translation import gettext_lazy as _

from interviewprep.api.exceptions import Conflict, NotFound, ValidationFailed


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
