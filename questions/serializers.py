"""Question bank API shapes. Input serializers validate form; selectors and services do the rest."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ExperienceLevel
from kernel.api.fields import ModelSerializer
from questions import coding
from questions.models import Question, Track


class CodeCaseSerializer(serializers.Serializer):
    input = serializers.ListField(child=serializers.JSONField(), help_text="Positional arguments of the function.")
    expected = serializers.JSONField()


class CodeSpecSerializer(serializers.Serializer):
    """A coding question as a candidate sees it; staff also get ``tests`` and ``reference_solutions``."""

    function = serializers.DictField(child=serializers.CharField(), help_text="Function name per language.")
    signature = serializers.DictField(child=serializers.CharField(), help_text="Per language.")
    languages = serializers.ListField(child=serializers.CharField())
    starter_code = serializers.DictField(child=serializers.CharField(), help_text="Per language.")
    examples = CodeCaseSerializer(many=True, help_text="Visible examples: what POST .../run/ runs.")
    hidden_tests = serializers.IntegerField(help_text="How many hidden tests grade a submitted answer.")
    limits = serializers.DictField(child=serializers.FloatField(), help_text="cpu_seconds and memory_mb per run.")
    tests = CodeCaseSerializer(many=True, required=False, help_text="Staff only: the hidden tests.")
    reference_solutions = serializers.DictField(
        child=serializers.CharField(), required=False, help_text="Staff only: per language."
    )


class QuestionSerializer(ModelSerializer):
    """A bank question; sample answer, key points and is_active are for staff only."""

    # Left out unless the context has staff=True; declared optional so the schema says so.
    STAFF_FIELDS = ("sample_answer", "key_points", "is_active")

    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    sample_answer = serializers.CharField(required=False, help_text="Staff only.")
    key_points = serializers.ListField(child=serializers.CharField(), required=False, help_text="Staff only.")
    is_active = serializers.BooleanField(required=False, help_text="Staff only.")
    code = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "type",
            "level",
            "difficulty",
            "text",
            "tags",
            "expected_duration_seconds",
            "code",
            "sample_answer",
            "key_points",
            "is_active",
        ]
        read_only_fields = ["id", "type", "level", "difficulty", "text", "expected_duration_seconds"]

    @extend_schema_field(CodeSpecSerializer(allow_null=True))
    def get_code(self, question: Question) -> dict[str, Any] | None:
        """Coding questions only; hidden tests and reference solutions are for staff."""
        return coding.public_spec(question.coding, staff=bool(self.context.get("staff"))) if question.coding else None

    def to_representation(self, instance: Question) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not self.context.get("staff"):
            for name in self.STAFF_FIELDS:
                data.pop(name)
        return data


class GeneratedQuestionsSerializer(serializers.Serializer):
    results = QuestionSerializer(many=True)


class QuestionFilterSerializer(serializers.Serializer):
    """Query parameters of the question list."""

    type = serializers.ChoiceField(choices=Question.Type.choices, required=False)
    level = serializers.ChoiceField(choices=ExperienceLevel.choices, required=False)
    difficulty = serializers.IntegerField(min_value=1, max_value=5, required=False)
    tags = serializers.CharField(
        max_length=500, required=False, help_text="Comma-separated tags; questions with any of them match."
    )
    search = serializers.CharField(max_length=200, required=False, help_text="Case-insensitive search in the text.")
    language = serializers.ChoiceField(choices=Question.Language.choices, required=False)


class QuestionGenerateSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=Question.Type.choices)
    level = serializers.ChoiceField(choices=ExperienceLevel.choices)
    topic = serializers.CharField(max_length=200, allow_blank=True, default="")
    job_title = serializers.CharField(max_length=120, allow_blank=True, default="")
    count = serializers.IntegerField(min_value=1, max_value=10, default=5)
    language = serializers.ChoiceField(
        choices=Question.Language.choices, required=False, help_text="Defaults to the user's language, else English."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["topic"] and not attrs["job_title"]:
            raise serializers.ValidationError({"topic": [_("Give a topic or a job title.")]})
        return attrs


class TrackSerializer(ModelSerializer):
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    question_ids = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The ordered question set; empty when tags pick."
    )

    class Meta:
        model = Track
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "target_role",
            "type",
            "level",
            "language",
            "question_ids",
            "tags",
            "question_count",
        ]
        read_only_fields = fields


class TrackFilterSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=Question.Language.choices, required=False)
    role = serializers.CharField(max_length=120, required=False, help_text="Part of the target role, any case.")
