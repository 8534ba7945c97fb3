"""The OpenAI provider: renders versioned prompts, gets structured replies through the transport,
and post-processes them in code so that a model's numbers are never taken on faith."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from django.conf import settings
from openai import omit

from ai.events import report
from ai.grading.feedback import gated_evaluation, grader_note
from ai.grading.gate import check_gate, without_grader_instructions
from ai.grading.scoring import grade
from ai.pricing import transcription_cost_usd
from ai.prompts import (
    analyze_resume,
    coach_chat,
    evaluate_answer,
    extract_requirements,
    follow_up,
    generate_questions,
    plan_roadmap,
    review_code,
)
from ai.providers.base import AIProvider
from ai.providers.common import fresh_questions, match_key_points
from ai.providers.offline.requirements import MAX_SKILLS, canonical_skills
from ai.providers.openai import coaching
from ai.providers.openai.transport import PROVIDER, breaker, send, structured
from ai.rubric import RUBRIC_VERSION, clamp, overall_score
from ai.types import (
    CRITERIA,
    ChatInput,
    ChatReply,
    CodeReview,
    CodeReviewInput,
    Evaluation,
    EvaluationInput,
    FollowUpInput,
    GeneratedQuestion,
    GenerationInput,
    JobRequirements,
    JobRequirementsInput,
    ResumeAnalysis,
    ResumeAnalysisInput,
    Roadmap,
    RoadmapInput,
    StarBreakdown,
    Transcript,
    TranscriptionInput,
    Usage,
    Word,
)

logger = logging.getLogger(__name__)

# The model's overall score may differ from the weighted criteria by this much, no more: an answer
# that talks a model into "score": 100 still carries its honest criteria.
_SCORE_SLACK = 15
# Where an answer addresses the grader, the model may not score above the deterministic rubric by more than this.
_GRADER_SLACK = 10
_LANGUAGE_CODES = {"english": "en", "russian": "ru"}


class OpenAIProvider(AIProvider):
    name = PROVIDER
    offline_fallback = True

    def available(self) -> bool:
        return not breaker().is_open()

    def evaluate_answer(self, data: EvaluationInput) -> Evaluation:
        model = settings.AI_CHAT_MODEL
        gate = check_gate(data.question, data.answer_text)
        if gate:  # no money spent on an empty, copied or off-topic answer
            logger.info("ai evaluate_answer: gate %s, model not called", gate)
            return replace(gated_evaluation(data, gate), provider=self.name, model=model)
        reply = structured("evaluate_answer", evaluate_answer.render(data), sender=type(self))
        evaluation = replace(
            _evaluation(data, reply),
            provider=self.name,
            model=model,
            prompt_version=evaluate_answer.PROMPT_VERSION,
            rubric_version=RUBRIC_VERSION,
        )
        _cleaned, addressed_grader = without_grader_instructions(data.answer_text)
        return _capped_by_rubric(data, evaluation) if addressed_grader else evaluation

    def review_code(self, data: CodeReviewInput) -> CodeReview:
        reply = structured("review_code", review_code.render(data), sender=type(self))
        return CodeReview(
            score=clamp(reply["score"]),
            strengths=tuple(text.strip() for text in reply["strengths"] if text.strip()),
            improvements=tuple(text.strip() for text in reply["improvements"] if text.strip()),
            feedback=reply["feedback"].strip(),
            provider=self.name,
            model=settings.AI_CHAT_MODEL,
            prompt_version=review_code.PROMPT_VERSION,
        )

    def generate_questions(self, data: GenerationInput) -> list[GeneratedQuestion]:
        reply = structured("generate_questions", generate_questions.render(data), sender=type(self))
        candidates = (_question(item, data.type, data.level, data.language) for item in reply["questions"])
        return fresh_questions(candidates, data.avoid, data.count)

    def generate_follow_up(self, data: FollowUpInput) -> GeneratedQuestion:
        reply = structured("generate_follow_up", follow_up.render(data), sender=type(self))
        return _question(reply, data.question.type, data.question.level, data.language)

    def transcribe(self, data: TranscriptionInput) -> Transcript:
        model = settings.AI_TRANSCRIPTION_MODEL
        response, latency_ms = send(
            "transcribe",
            model,
            lambda client: client.audio.transcriptions.create(
                model=model,
                file=(data.filename, data.audio, data.content_type),
                response_format="verbose_json",
                timestamp_granularities=["word"],
                language=data.language or omit,
            ),
            sender=type(self),
        )
        cost = transcription_cost_usd(model, response.duration)
        report(
            type(self),
            Usage(
                operation="transcribe",
                provider=self.name,
                model=model,
                cost_usd=cost,
                latency_ms=latency_ms,
                extra={"audio_seconds": f"{response.duration:.1f}"},
            ),
        )
        return Transcript(
            text=response.text,
            words=tuple(Word(word=w.word, start=w.start, end=w.end) for w in response.words or ()),
            duration_seconds=response.duration,
            language=data.language or _LANGUAGE_CODES.get(response.language.lower(), response.language),
        )

    def analyze_resume(self, data: ResumeAnalysisInput) -> ResumeAnalysis:
        reply = structured("analyze_resume", analyze_resume.render(data), sender=type(self))
        return replace(
            coaching.resume_analysis(data, reply),
            provider=self.name,
            model=settings.AI_CHAT_MODEL,
            prompt_version=analyze_resume.PROMPT_VERSION,
        )

    def plan_roadmap(self, data: RoadmapInput) -> Roadmap:
        reply = structured("plan_roadmap", plan_roadmap.render(data), sender=type(self))
        return replace(
            coaching.roadmap(data, reply),
            provider=self.name,
            model=settings.AI_CHAT_MODEL,
            prompt_version=plan_roadmap.PROMPT_VERSION,
        )

    def extract_requirements(self, data: JobRequirementsInput) -> JobRequirements:
        """Skills mapped onto the vocabulary; a domain outside the role list is dropped."""
        reply = structured("extract_requirements", extract_requirements.render(data), sender=type(self))
        known_roles = {role.name.casefold(): role.name for role in data.roles}
        seniority = reply["seniority"] if reply["seniority"] in extract_requirements.SENIORITIES else ""
        return JobRequirements(
            skills=canonical_skills((*data.skills, *reply["skills"]), data.vocabulary)[:MAX_SKILLS],
            seniority=seniority,
            domain=known_roles.get(reply["domain"].strip().casefold(), ""),
            provider=self.name,
            model=settings.AI_CHAT_MODEL,
            prompt_version=extract_requirements.PROMPT_VERSION,
        )

    def coach_reply(self, data: ChatInput) -> ChatReply:
        reply = structured("coach_reply", coach_chat.render(data), sender=type(self))
        return ChatReply(
            content=reply["reply"].strip(),
            provider=self.name,
            model=settings.AI_CHAT_MODEL,
            prompt_version=coach_chat.PROMPT_VERSION,
        )


def _evaluation(data: EvaluationInput, reply: dict[str, Any]) -> Evaluation:
    """Scores clamped, the overall score held to the criteria, key points limited to the question's own."""
    scores = {name: clamp(reply["scores"][name]) for name in CRITERIA}
    computed = overall_score(scores)
    claimed = reply["score"]
    score = computed if claimed is None else clamp(min(max(claimed, computed - _SCORE_SLACK), computed + _SCORE_SLACK))
    covered = match_key_points(data.question.key_points, reply["covered_key_points"])
    return Evaluation(
        score=score,
        scores=scores,
        strengths=tuple(text.strip() for text in reply["strengths"] if text.strip()),
        improvements=tuple(text.strip() for text in reply["improvements"] if text.strip()),
        feedback=reply["feedback"].strip(),
        covered_key_points=covered,
        missed_key_points=tuple(point for point in data.question.key_points if point not in covered),
        star=StarBreakdown(**reply["star"]) if reply["star"] else None,
    )


def _capped_by_rubric(data: EvaluationInput, evaluation: Evaluation) -> Evaluation:
    """An answer that addresses the grader may have swayed the model: hold it near the offline rubric."""
    rubric = grade(data.question, data.answer_text, data.speech)
    scores = {name: min(value, rubric.scores[name] + _GRADER_SLACK) for name, value in evaluation.scores.items()}
    note = grader_note(data.language)
    improvements = evaluation.improvements if note in evaluation.improvements else (*evaluation.improvements, note)
    return replace(
        evaluation,
        score=min(evaluation.score, rubric.score + _GRADER_SLACK),
        scores=scores,
        improvements=improvements,
    )


def _question(item: dict[str, Any], type_: str, level: str, language: str) -> GeneratedQuestion:
    return GeneratedQuestion(
        text=item["text"].strip(),
        type=type_,
        level=level,
        difficulty=min(5, max(1, item["difficulty"])),
        tags=tuple(item["tags"]),
        key_points=tuple(item["key_points"]),
        sample_answer=item["sample_answer"].strip(),
        expected_duration_seconds=min(600, max(30, item["expected_duration_seconds"])),
        language=language,
        model=settings.AI_CHAT_MODEL,
    )
