"""Coaching API shapes, as the contract names them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coaching.models import Resume, Roadmap
from coaching.selectors import roadmap_progress
from kernel.api.fields import ModelSerializer, ObjectIdField


class ResumeUploadSerializer(serializers.Serializer):
    # Empty files are accepted here so the service can answer with its own clear code.
    file = serializers.FileField(allow_empty_file=True, help_text="PDF, DOCX or plain text, at most 5 MB.")


class ResumeAnalysisSerializer(serializers.Serializer):
    summary = serializers.CharField()
    skills = serializers.ListField(child=serializers.CharField())
    years_of_experience = serializers.FloatField(allow_null=True)
    strengths = serializers.ListField(child=serializers.CharField())
    gaps = serializers.ListField(child=serializers.CharField())
    suggested_roles = serializers.ListField(child=serializers.CharField())
    sections = serializers.ListField(child=serializers.CharField())
    provider = serializers.CharField()
    model = serializers.CharField()
    prompt_version = serializers.CharField()


class ResumeSerializer(ModelSerializer):
    # A plain string in the schema: its values equal the answers' evaluation_status choice set,
    # and drf-spectacular warns when one choice set gets two enum names.
    analysis_status = serializers.CharField(help_text="pending, running, done or failed.")
    analysis = serializers.SerializerMethodField()

    class Meta:
        model = Resume
        fields = [
            "id",
            "filename",
            "format",
            "size",
            "analysis_status",
            "analysis_error",
            "analysis",
            "uploaded_at",
            "analyzed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ResumeAnalysisSerializer(allow_null=True))
    def get_analysis(self, resume: Resume) -> dict[str, Any] | None:
        """Null until the analysis is done."""
        return resume.analysis if resume.analysis_status == Resume.AnalysisStatus.DONE else None


class RoadmapItemSerializer(serializers.Serializer):
    id = ObjectIdField(source="item_id")
    title = serializers.CharField()
    description = serializers.CharField()
    resources = serializers.ListField(child=serializers.CharField())
    due_week = serializers.IntegerField()
    topic = serializers.CharField()
    completed = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)


class ReviewDueSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    due_at = serializers.DateTimeField()
    interval_days = serializers.FloatField()
    last_score = serializers.FloatField(allow_null=True)


class RoadmapSerializer(ModelSerializer):
    items = RoadmapItemSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField(help_text="Completed items, in whole percent.")

    class Meta:
        model = Roadmap
        fields = ["id", "goal", "weeks", "items", "progress", "created_at"]
        read_only_fields = fields

    def get_progress(self, roadmap: Roadmap) -> int:
        return roadmap_progress(roadmap=roadmap)


class RoadmapWithReviewsSerializer(RoadmapSerializer):
    """The current roadmap plus what the review schedule says is due (pass it as context ``due_reviews``)."""

    due_reviews = serializers.SerializerMethodField(help_text="Weak topics and criteria due for practice now.")

    class Meta(RoadmapSerializer.Meta):
        fields = [*RoadmapSerializer.Meta.fields, "due_reviews"]
        read_only_fields = fields

    @extend_schema_field(ReviewDueSerializer(many=True))
    def get_due_reviews(self, roadmap: Roadmap) -> Any:
        return ReviewDueSerializer(self.context.get("due_reviews", []), many=True).data


class RoadmapGenerateSerializer(serializers.Serializer):
    weeks = serializers.IntegerField(min_value=1, max_value=26, required=False, default=6)


class RoadmapItemUpdateSerializer(serializers.Serializer):
    completed = serializers.BooleanField()


class ChatMessageSerializer(serializers.Serializer):
    role = serializers.CharField()
    content = serializers.CharField()
    created_at = serializers.DateTimeField()


class ConversationSerializer(serializers.Serializer):
    messages = ChatMessageSerializer(many=True)


class ChatMessageCreateSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=4000)


class ChatReplySerializer(serializers.Serializer):
    reply = serializers.CharField(source="content", help_text="The coach's answer.")
    created_at = serializers.DateTimeField()
