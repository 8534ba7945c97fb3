"""Interview API shapes, as the contract names them."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ExperienceLevel
from interviews.models import MAX_QUESTIONS, Answer, Interview, InterviewQuestion
from kernel.api.fields import ModelSerializer, ObjectIdField
from questions.coding import LANGUAGES
from questions.models import Question


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            name: {"type": "integer", "minimum": 1, "maximum": MAX_QUESTIONS} for name in Question.Type.values
        },
        "additionalProperties": False,
        "minProperties": 1,
    }
)
class TypeMixField(serializers.DictField):
    """Questions per type; the keys are question types."""


class InterviewStartSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=Question.Type.choices, required=False, help_text="Required unless `track_id` or `type_mix` is sent."
    )
    level = serializers.ChoiceField(
        choices=ExperienceLevel.choices, required=False, help_text="Required unless `track_id` is sent."
    )
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    job_description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    skills = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=20, required=False, default=list
    )
    question_count = serializers.IntegerField(min_value=1, max_value=MAX_QUESTIONS, required=False, default=5)
    type_mix = TypeMixField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_QUESTIONS),
        required=False,
        help_text='Questions per type, e.g. {"technical": 3, "behavioral": 2}; replaces `question_count`.',
    )
    track_id = ObjectIdField(required=False, help_text="Start from a track (GET /tracks/): its type, level, questions.")
    generate_missing = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Premium: write questions for the job's requirements the bank does not cover.",
    )

    def validate_type_mix(self, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(Question.Type.values))
        if unknown:
            raise serializers.ValidationError(_("Unknown question types: %(types)s.") % {"types": ", ".join(unknown)})
        if not value or sum(value.values()) > MAX_QUESTIONS:
            raise serializers.ValidationError(_("Ask for 1 to %(most)d questions in all.") % {"most": MAX_QUESTIONS})
        return value

    class Meta:
        # What validate() asks for, for the schema (kernel.api.schema.AutoSchema reads it).
        required_any_of = (("track_id",), ("type", "level"), ("type_mix", "level"))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("track_id"):
            return attrs
        missing = {
            name: [_("This field is required.")]
            for name in ("type", "level")
            if not attrs.get(name) and not (name == "type" and attrs.get("type_mix"))
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class InterviewListFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Interview.Status.choices, required=False)


class InterviewQuestionSerializer(serializers.Serializer):
    id = ObjectIdField(source="question_id", help_text="The question's id in the bank.")
    order = serializers.IntegerField()
    text = serializers.CharField()
    type = serializers.ChoiceField(choices=Question.Type.choices)
    status = serializers.ChoiceField(choices=InterviewQuestion.Status.choices)
    is_follow_up = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why the plan chose it: the requirement, resume gap or review it covers.")


class RequirementsSerializer(serializers.Serializer):
    """What the plan read from the job (empty for interviews started before plans)."""

    skills = serializers.ListField(child=serializers.CharField(), default=list)
    seniority = serializers.CharField(default="")
    domain = serializers.CharField(default="")
    provider = serializers.CharField(default="")


class InterviewSerializer(ModelSerializer):
    skills = serializers.ListField(child=serializers.CharField(), read_only=True)
    questions = InterviewQuestionSerializer(many=True, read_only=True)
    requirements = RequirementsSerializer(read_only=True, allow_null=True)
    track_id = ObjectIdField(read_only=True, allow_null=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "type",
            "level",
            "job_title",
            "job_description",
            "skills",
            "requirements",
            "track_id",
            "status",
            "questions",
            "started_at",
            "completed_at",
            "overall_score",
        ]
        read_only_fields = fields


class AnswerCreateSerializer(serializers.Serializer):
    """JSON ``{question_id, text}``, multipart ``{question_id, audio[, transcript]}``, or for a coding
    question JSON ``{question_id, language, code}``."""

    question_id = ObjectIdField()
    text = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="", trim_whitespace=False)
    audio = serializers.FileField(
        required=False,
        allow_empty_file=False,
        help_text="WAV, MP3, OGG, WebM or M4A (judged by content, not name), at most 10 MB and 5 minutes.",
    )
    transcript = serializers.CharField(
        max_length=20000,
        required=False,
        allow_blank=True,
        default="",
        help_text="The client's own transcript of the audio.",
    )
    language = serializers.ChoiceField(
        choices=LANGUAGES, required=False, default="", help_text="Coding questions: the code's language."
    )
    code = serializers.CharField(
        max_length=65536,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="Coding questions: the solution, defining the function the question names.",
    )


class CodeRunSerializer(serializers.Serializer):
    question_id = ObjectIdField()
    language = serializers.ChoiceField(choices=LANGUAGES)
    code = serializers.CharField(max_length=65536, trim_whitespace=False)


class CodeResultSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=["passed", "failed", "timeout", "memory", "runtime_error", "output_limit", "refused"]
    )
    passed = serializers.IntegerField(help_text="Cases passed.")
    total = serializers.IntegerField()
    first_failure = serializers.IntegerField(allow_null=True, help_text="0-based index of the first failing case.")
    detail = serializers.CharField()
    runtime_ms = serializers.FloatField(help_text="Time inside the function, summed over the cases.")
    memory_kb = serializers.IntegerField(help_text="Peak resident memory of the run.")


class CodeRunCaseSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    input = serializers.ListField(child=serializers.JSONField(), help_text="The function's arguments.")
    expected = serializers.JSONField()
    output = serializers.JSONField(allow_null=True, help_text="What the function returned.")
    passed = serializers.BooleanField()
    error = serializers.CharField()
    runtime_ms = serializers.FloatField()


class CodeRunResultSerializer(CodeResultSerializer):
    cases = CodeRunCaseSerializer(many=True)
    stdout = serializers.CharField(help_text="What the code printed (at most 256 KB, then output_limit).")


class SpeechMetricsSerializer(serializers.Serializer):
    """Empty (no fields) for a typed answer. A figure that cannot be known is null, never estimated."""

    words_per_minute = serializers.FloatField(
        required=False,
        allow_null=True,
        help_text="From the recording's real length; null when neither it nor word timings are known.",
    )
    filler_count = serializers.IntegerField(required=False)
    fillers = serializers.DictField(child=serializers.IntegerField(), required=False)
    long_pauses = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Gaps over 2 s between timed words; null for a transcript without word timings.",
    )
    longest_pause_seconds = serializers.FloatField(required=False, allow_null=True)
    duration_seconds = serializers.FloatField(
        required=False, allow_null=True, help_text="The recording's length in seconds."
    )


class ScoresSerializer(serializers.Serializer):
    clarity = serializers.FloatField()
    relevance = serializers.FloatField()
    technical_accuracy = serializers.FloatField()
    structure = serializers.FloatField()
    confidence = serializers.FloatField()


class EvaluationSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    scores = ScoresSerializer()
    strengths = serializers.ListField(child=serializers.CharField())
    improvements = serializers.ListField(child=serializers.CharField())
    feedback = serializers.CharField()
    model = serializers.CharField()
    provider = serializers.CharField(help_text='The grader that produced the score ("openai", "offline").')
    prompt_version = serializers.CharField()
    rubric_version = serializers.CharField()
    is_fallback = serializers.BooleanField(
        help_text="The offline grader scored it while the language model was unavailable; the model re-grades it "
        "once it is back, and the score may change."
    )
    tests = CodeResultSerializer(required=False, help_text="Code answers only: the run against the hidden tests.")
    covered_key_points = serializers.ListField(child=serializers.CharField())
    missed_key_points = serializers.ListField(child=serializers.CharField())


class PreviousAttemptSerializer(serializers.Serializer):
    """An earlier take replaced by a retake: what was said and how it scored."""

    text = serializers.CharField()
    transcript = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    evaluation_status = serializers.CharField()
    evaluation = EvaluationSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    evaluated_at = serializers.DateTimeField(allow_null=True)


class AnswerSerializer(ModelSerializer):
    question_id = ObjectIdField(read_only=True)
    audio_url = serializers.SerializerMethodField()
    evaluation = serializers.SerializerMethodField()
    speech_metrics = serializers.SerializerMethodField()
    language = serializers.CharField(source="code_language", read_only=True)
    previous_attempts = PreviousAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "question_id",
            "text",
            "audio_url",
            "transcript",
            "language",
            "code",
            "evaluation_status",
            "evaluation_error",
            "evaluation",
            "score",
            "speech_metrics",
            "previous_attempts",
            "created_at",
            "evaluated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_audio_url(self, answer: Answer) -> str | None:
        """Local files go through a permission-checked view; S3 hands out a short-lived signed URL."""
        if not answer.audio:
            return None
        if isinstance(default_storage, FileSystemStorage):
            path = reverse(
                "interview-answer-audio", kwargs={"id": str(answer.interview_id), "answer_id": str(answer.pk)}
            )
            request = self.context.get("request")
            return request.build_absolute_uri(path) if request else path
        return str(default_storage.url(answer.audio.name))

    @extend_schema_field(SpeechMetricsSerializer)
    def get_speech_metrics(self, answer: Answer) -> dict[str, Any]:
        return dict(answer.speech_metrics)

    @extend_schema_field(EvaluationSerializer(allow_null=True))
    def get_evaluation(self, answer: Answer) -> dict[str, Any] | None:
        """A code answer's evaluation also carries its run against the hidden tests."""
        if not answer.evaluation:
            return None
        return {**answer.evaluation, "tests": answer.code_result} if answer.code_result else answer.evaluation


class StatusSerializer(serializers.Serializer):
    status = serializers.CharField()


class PerQuestionSerializer(serializers.Serializer):
    question_id = serializers.CharField()
    order = serializers.IntegerField()
    text = serializers.CharField()
    is_follow_up = serializers.BooleanField()
    reason = serializers.CharField(required=False, help_text="Why the plan chose the question.")
    status = serializers.CharField()
    answer_id = serializers.CharField(allow_null=True)
    evaluation_status = serializers.CharField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    scores = serializers.DictField(child=serializers.FloatField())
    feedback = serializers.CharField()
    grader = serializers.CharField(
        allow_null=True,
        required=False,
        help_text='The provider that produced the score ("openai", "offline"); null without an evaluation.',
    )
    is_fallback = serializers.BooleanField(
        required=False,
        help_text="The offline grader scored it while the language model was unavailable; the model re-grades it.",
    )
    tests = CodeResultSerializer(allow_null=True, help_text="Code answers only.")


class ResultSerializer(serializers.Serializer):
    overall_score = serializers.FloatField()
    passed = serializers.BooleanField()
    pass_threshold = serializers.IntegerField()
    scores = ScoresSerializer()
    strengths = serializers.ListField(child=serializers.CharField())
    improvements = serializers.ListField(child=serializers.CharField())
    summary = serializers.CharField()
    questions_answered = serializers.IntegerField()
    total_questions = serializers.IntegerField()
    per_question = PerQuestionSerializer(many=True)


class TrendPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    score = serializers.FloatField()


class TypeStatsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    average_score = serializers.FloatField(allow_null=True)


class SkillSerializer(serializers.Serializer):
    skill = serializers.CharField()
    average_score = serializers.FloatField()


class SpeechPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    words_per_minute = serializers.FloatField(
        allow_null=True, help_text="Average over the day's recordings whose pace is known; null if none."
    )
    filler_count = serializers.FloatField()


class UserStatsSerializer(serializers.Serializer):
    interviews_completed = serializers.IntegerField()
    average_score = serializers.FloatField(allow_null=True)
    best_score = serializers.FloatField(allow_null=True)
    score_trend = TrendPointSerializer(many=True)
    by_type = serializers.DictField(child=TypeStatsSerializer())
    weakest_skills = SkillSerializer(many=True)
    strongest_skills = SkillSerializer(many=True)
    streak_days = serializers.IntegerField()
    interviews_this_week = serializers.IntegerField()
    weekly_limit = serializers.IntegerField()
    speech_trend = SpeechPointSerializer(many=True)


class ShareCreateSerializer(serializers.Serializer):
    expires_in_days = serializers.IntegerField(min_value=1, max_value=30, required=False, default=7)


class ShareLinkSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The public page; anyone with it can read the report until it expires.")
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()
