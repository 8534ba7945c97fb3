"""The offline provider's coaching operations: honest extraction and grounded templates."""

from __future__ import annotations

from datetime import date

from ai.providers.offline import OfflineProvider
from ai.providers.offline.resume import sections_in, skills_in, years_of_experience
from ai.types import ChatInput, CoachFacts, ResumeAnalysisInput, RoadmapInput, RoleProfile, SkillTerm

VOCABULARY = (
    SkillTerm("Python", ("python3", "py")),
    SkillTerm("C++", ("cpp",)),
    SkillTerm("Go", ("golang",)),
    SkillTerm("Node.js", ("node", "nodejs")),
    SkillTerm("Redis"),
)
ROLES = (RoleProfile("backend developer", ("Python", "Redis", "Go")), RoleProfile("embedded developer", ("C++",)))


def test_skills_match_aliases_and_symbols_on_word_boundaries() -> None:
    text = "Wrote Python3 and C++ services; golang tooling; node scripts. We go fast. Pythonic redistribution."

    assert set(skills_in(text, VOCABULARY)) == {"Python", "C++", "Go", "Node.js"}


def test_sections_and_years_from_the_experience_section_only() -> None:
    text = "Work Experience\nAcme, 03/2018 - 02/2020\nGlobex, 2019 - present\nEducation\nUni 2010 - 2014\n"

    assert sections_in(text) == ("experience", "education")
    assert years_of_experience(text, today=date(2024, 12, 1)) == 7.0  # Mar 2018-Dec 2024: 82 months, overlap once
    assert years_of_experience("I have 8+ years of professional experience.") == 8.0
    assert years_of_experience("No dates here") is None


def test_gaps_are_the_target_roles_expected_skills_not_found() -> None:
    analysis = OfflineProvider().analyze_resume(
        ResumeAnalysisInput(
            text="Skills\nPython, Redis",
            target_role="backend developer",
            expected_skills=ROLES[0].expected_skills,
            vocabulary=VOCABULARY,
            roles=ROLES,
        )
    )

    assert analysis.gaps == ("Go",)
    assert analysis.suggested_roles == ("backend developer",)
    assert analysis.provider == "offline"


def test_roadmap_spreads_weaknesses_over_weeks_and_skips_completed_items() -> None:
    roadmap = OfflineProvider().plan_roadmap(
        RoadmapInput(
            goal="backend developer",
            gaps=("Go", "Redis"),
            weak_criteria=("structure",),
            weak_topics=("sql",),
            completed=("Learn Redis",),
            weeks=3,
        )
    )

    titles = [item.title for item in roadmap.items]
    assert titles[:3] == ["Learn Go", "Improve structure", "Review sql"]
    assert "Learn Redis" not in titles
    assert all(1 <= item.due_week <= 3 for item in roadmap.items) and roadmap.items[-1].due_week == 3


def test_coach_reply_uses_only_the_given_facts() -> None:
    facts = CoachFacts(target_role="data engineer", skills=("Spark",), gaps=("Airflow",), weak_criteria=("clarity",))

    reply = OfflineProvider().coach_reply(ChatInput(message="How do I improve?", facts=facts))

    assert "data engineer" in reply.content and "Clarity" in reply.content
    empty = OfflineProvider().coach_reply(ChatInput(message="hello", facts=CoachFacts()))
    assert "Upload your resume" in empty.content


def _cyrillic_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    return sum("а" <= char.lower() <= "я" or char in "ёЁ" for char in letters) / max(1, len(letters))


def test_a_russian_users_resume_analysis_is_written_in_russian() -> None:
    analysis = OfflineProvider().analyze_resume(
        ResumeAnalysisInput(
            text="Experience\nAcme, 2019 - 2023\nProjects\nPython, Redis, Go",
            target_role="backend developer",
            expected_skills=("Python", "Redis", "Go", "Kafka"),
            vocabulary=(*VOCABULARY, SkillTerm("Kafka")),
            roles=ROLES,
            language="ru",
        )
    )

    assert analysis.summary.startswith("Резюме с опытом около 5 лет и распознанными навыками: 3")
    assert "Не хватает для роли «backend developer»: Kafka." in analysis.summary
    assert "Есть 3 из 4 навыков, ожидаемых для роли «backend developer»." in analysis.strengths
    assert all(_cyrillic_share(point) > 0.5 for point in analysis.strengths)


def test_a_russian_users_roadmap_is_written_in_russian() -> None:
    roadmap = OfflineProvider().plan_roadmap(
        RoadmapInput(
            goal="backend-разработчик",
            gaps=("Go",),
            weak_criteria=("structure",),
            weak_topics=("sql",),
            weeks=2,
            language="ru",
        )
    )

    titles = [item.title for item in roadmap.items]
    assert titles == [
        "Изучить Go",
        "Улучшить: структура",
        "Повторить тему sql",
        "Полное пробное собеседование: backend-разработчик",
    ]
    assert all(_cyrillic_share(item.description) > 0.7 for item in roadmap.items)
    assert roadmap.items[1].resources == (
        "Шаблон для метода STAR",
        "Шаблон ответа: объяснение, компромиссы, граничные случаи, пример",
    )


def test_the_coach_answers_a_russian_user_in_russian_and_understands_russian_questions() -> None:
    facts = CoachFacts(target_role="дата-инженер", skills=("Spark",), gaps=("Airflow",), weak_criteria=("clarity",))

    reply = OfflineProvider().coach_reply(ChatInput(message="Как мне улучшить ответы?", facts=facts, language="ru"))

    assert reply.content.splitlines() == [
        "Вот что я советую для роли «дата-инженер».",
        "- Ясность: Отвечайте короткими предложениями: в каждом пункте одна конкретная цифра или названная технология.",
    ]
    skills = OfflineProvider().coach_reply(
        ChatInput(message="Каких навыков мне не хватает?", facts=facts, language="ru")
    )
    assert "- Следующими закройте эти пробелы: Airflow." in skills.content.splitlines()
    empty = OfflineProvider().coach_reply(ChatInput(message="привет", facts=CoachFacts(), language="ru"))
    assert empty.content.startswith("Вот что я советую для ваших собеседований.\n- Загрузите резюме")
