"""What the grader's numbers say to the candidate, in their language: strengths, improvements, a summary,
and the gate's verdicts.

Nothing here praises what was not observed: a strength is a measurement that met the level's
expectation, an improvement is one that fell short. No Django: the wording is a table per language
(English and Russian, the languages the product speaks), chosen by the ``language`` argument.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai.grading.gate import COPIED, EMPTY, GATE_SCORES, OFF_TOPIC
from ai.grading.measures import Measures
from ai.grading.scoring import HEALTHY_PACE, TOO_LONG, expectations, star_share
from ai.rubric import RUBRIC_VERSION
from ai.types import CRITERIA, Evaluation, EvaluationInput

MAX_LISTED = 3  # key points named in one sentence; more become "and N more"
MAX_IMPROVEMENTS = 5  # a long list is not read; the most important come first
FILLER_RATE_LIMIT = 2.0  # fillers per 100 words before they are worth a remark
SHORT = 0.8  # share of the level's expected length under which length is worth a remark

Table = dict[str, str | tuple[str, ...]]  # a message, or its plural forms
_EN: Table = {
    "level.intern": "intern",
    "level.junior": "junior",
    "level.middle": "middle",
    "level.senior": "senior",
    # "and N more": one form per plural category (English: one, other).
    "more": ("%(points)s and %(count)d more", "%(points)s and %(count)d more"),
    "covered": "Covered %(count)d of %(total)d key points: %(points)s.",
    "story": "Clear story structure: the situation, your actions and the result.",
    "quantified": "Quantified the result.",
    "lesson": "Reflected on what you learned.",
    "complexity": "Discussed complexity or trade-offs.",
    "edge_cases": "Considered edge cases and failure modes.",
    "example": "Backed the explanation with an example or code.",
    "specifics": "Concrete details: figures and named tools, places or people.",
    "pace": "Comfortable speaking pace (%(wpm)d words per minute).",
    "add_complexity": "State the time and space complexity (O(...)).",
    "add_trade_offs": "Discuss trade-offs: what it costs and when you would not use it.",
    "add_edge_cases": "Cover edge cases and failure modes (empty input, duplicates, errors).",
    "add_example": "Give a concrete example or a short code sketch.",
    "add_steps": "Organise the answer into clear steps and give the reason for each.",
    "add_situation": "Set the scene: when and where it happened, and what was at stake.",
    "add_task": "Say what your task or goal was.",
    "add_action": 'Describe what you did yourself, step by step (say "I", not only "we").',
    "add_result": "End with the result: what changed because of your actions.",
    "add_quantified": "Quantify the result (e.g. % or time saved).",
    "fillers": "Cut filler words (%(fillers)s).",
    "hedges": 'State what you know without hedging ("I think", "maybe", "not sure").',
    "too_slow": "Speak a little faster: %(wpm)d words per minute drags; aim for 120-160.",
    "too_fast": "Slow down: %(wpm)d words per minute is hard to follow; aim for 120-160.",
    "pauses": "Avoid long silences (%(count)d pauses over 2 s): pause briefly, then carry on.",
    "grader_note": "Instructions addressed to the grader were ignored; only the interview content was graded.",
    "negative": "Keep it professional: no negative words about employers or colleagues.",
    "missed": "Cover the missing key points: %(points)s.",
    "contradicted": "Check your facts: the answer states these key points wrong: %(points)s.",
    "add_specifics": "Add specifics: numbers, named tools, a real example from your work.",
    "too_short": "Too short for this question: aim for about %(words)d words.",
    "too_long": "Too long: tighten it to about %(words)d words.",
    "generic": 'Replace general claims ("always", "is important") with what you actually did.',
    "strong": "Strong answer.",
    "good": "Good answer with some gaps.",
    "partial": "Partial answer: the basics are there, but important parts are missing.",
    "weak": "Weak answer: it touches the topic but misses most of what was asked.",
    "summary": "It covers %(count)d of %(total)d key points, judged against %(level)s-level expectations.",
    "next_step": "Most important next step: %(step)s",
    f"gate.{EMPTY}": "The answer is empty or too short to evaluate.",
    f"gate.{EMPTY}.fix": "Answer in a few full sentences: state your main point, then support it with an example.",
    f"gate.{COPIED}": "The answer repeats the question instead of answering it.",
    f"gate.{COPIED}.fix": "Do not restate the question; answer it directly, then explain and give an example.",
    f"gate.{OFF_TOPIC}": "The answer does not address the question: it shares no key terms with what was asked.",
    f"gate.{OFF_TOPIC}.fix": "Re-read the question and answer what it asks, using its key terms.",
}
_RU: Table = {
    "level.intern": "стажёр",
    "level.junior": "junior",
    "level.middle": "middle",
    "level.senior": "senior",
    # Russian: one (1, 21), few (2-4, 22-24), many (5-20, 25-30).
    "more": (
        "%(points)s и ещё %(count)d пункт",
        "%(points)s и ещё %(count)d пункта",
        "%(points)s и ещё %(count)d пунктов",
    ),
    "covered": "Раскрыто ключевых пунктов: %(count)d из %(total)d — %(points)s.",
    "story": "Чёткая структура рассказа: ситуация, ваши действия и результат.",
    "quantified": "Результат выражен в цифрах.",
    "lesson": "Есть выводы о том, чему вы научились.",
    "complexity": "Разобраны сложность или компромиссы.",
    "edge_cases": "Учтены граничные случаи и сценарии отказа.",
    "example": "Объяснение подкреплено примером или кодом.",
    "specifics": "Конкретика: цифры, названия инструментов, мест или имена людей.",
    "pace": "Комфортный темп речи (%(wpm)d сл./мин).",
    "add_complexity": "Оцените сложность по времени и памяти (O(...)).",
    "add_trade_offs": "Обсудите компромиссы: чего стоит это решение и когда вы бы его не применяли.",
    "add_edge_cases": "Разберите граничные случаи и сценарии отказа (пустой ввод, дубликаты, ошибки).",
    "add_example": "Приведите конкретный пример или короткий набросок кода.",
    "add_steps": "Разбейте ответ на понятные шаги и обоснуйте каждый.",
    "add_situation": "Опишите контекст: когда и где это было и что стояло на кону.",
    "add_task": "Скажите, в чём была ваша задача или цель.",
    "add_action": "Опишите по шагам, что сделали лично вы (говорите «я», а не только «мы»).",
    "add_result": "Закончите результатом: что изменилось благодаря вашим действиям.",
    "add_quantified": "Выразите результат в цифрах (например, в % или в сэкономленном времени).",
    "fillers": "Уберите слова-паразиты (%(fillers)s).",
    "hedges": "Говорите увереннее, без оговорок («я думаю», «может быть», «не уверен»).",
    "too_slow": "Говорите чуть быстрее: %(wpm)d сл./мин — слишком медленно, оптимально 120–160.",
    "too_fast": "Говорите медленнее: при %(wpm)d сл./мин за речью трудно следить, оптимально 120–160.",
    "pauses": "Избегайте долгого молчания (пауз дольше 2 с: %(count)d): сделайте короткую паузу и продолжайте.",
    "grader_note": "Инструкции, адресованные проверяющему, проигнорированы: оценивалось только содержание ответа.",
    "negative": "Сохраняйте профессиональный тон: никакого негатива о работодателях или коллегах.",
    "missed": "Раскройте упущенные ключевые пункты: %(points)s.",
    "contradicted": "Проверьте факты: эти ключевые пункты в ответе изложены неверно: %(points)s.",
    "add_specifics": "Добавьте конкретики: цифры, названия инструментов, реальный пример из вашей работы.",
    "too_short": "Слишком коротко для этого вопроса: рекомендуемое число слов — около %(words)d.",
    "too_long": "Слишком длинно: сократите ответ, рекомендуемое число слов — около %(words)d.",
    "generic": "Замените общие фразы («всегда», «важно») тем, что вы сделали на самом деле.",
    "strong": "Сильный ответ.",
    "good": "Хороший ответ, но есть пробелы.",
    "partial": "Неполный ответ: основа есть, но важные части упущены.",
    "weak": "Слабый ответ: тема затронута, но большая часть вопроса не раскрыта.",
    "summary": "Раскрыто ключевых пунктов: %(count)d из %(total)d (оценка по меркам уровня «%(level)s»).",
    "next_step": "Главный следующий шаг: %(step)s",
    f"gate.{EMPTY}": "Ответ пустой или слишком короткий для оценки.",
    f"gate.{EMPTY}.fix": (
        "Ответьте несколькими полными предложениями: сформулируйте главную мысль, затем подкрепите её примером."
    ),
    f"gate.{COPIED}": "Ответ повторяет вопрос, а не отвечает на него.",
    f"gate.{COPIED}.fix": "Не пересказывайте вопрос: ответьте прямо, затем поясните и приведите пример.",
    f"gate.{OFF_TOPIC}": "Ответ не по теме: в нём нет ни одного ключевого термина из вопроса.",
    f"gate.{OFF_TOPIC}.fix": "Перечитайте вопрос и ответьте именно на него, используя его ключевые термины.",
}
MESSAGES: dict[str, Table] = {"en": _EN, "ru": _RU}
DEFAULT_LANGUAGE = "en"


def _plural_form(language: str, count: int) -> int:
    if language != "ru":
        return 0 if count == 1 else 1
    if count % 10 == 1 and count % 100 != 11:
        return 0
    return 1 if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14 else 2


class _Wording:
    """The message table of one language (English for a language the product does not speak)."""

    def __init__(self, language: str) -> None:
        self.language = language if language in MESSAGES else DEFAULT_LANGUAGE
        self._table = MESSAGES[self.language]

    def __call__(self, key: str, **values: object) -> str:
        text = self._table[key]
        assert isinstance(text, str), key
        return text % values if values else text

    def plural(self, key: str, count: int, **values: object) -> str:
        forms = self._table[key]
        assert isinstance(forms, tuple), key
        return forms[_plural_form(self.language, count)] % {"count": count, **values}


@dataclass(frozen=True)
class Review:
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    feedback: str


def grader_note(language: str) -> str:
    """The improvement shown when an answer addressed the grader."""
    return _Wording(language)("grader_note")


def gated_evaluation(data: EvaluationInput, gate: str) -> Evaluation:
    """The evaluation of an answer that failed the gate: low on every criterion, no invented strengths.

    Both providers give it, so an empty, copied or off-topic answer is judged the same whoever grades.
    """
    say = _Wording(data.language)
    score = GATE_SCORES[gate]
    return Evaluation(
        score=score,
        scores=dict.fromkeys(CRITERIA, score),
        strengths=(),
        improvements=(say(f"gate.{gate}.fix"),),
        feedback=say(f"gate.{gate}"),
        missed_key_points=data.question.key_points,
        gate=gate,
        rubric_version=RUBRIC_VERSION,
    )


def _listing(say: _Wording, points: tuple[str, ...]) -> str:
    shown = "; ".join(points[:MAX_LISTED])
    hidden = len(points) - MAX_LISTED
    return say.plural("more", hidden, points=shown) if hidden > 0 else shown


def _strengths(say: _Wording, m: Measures, level: str) -> list[str]:
    need = expectations(level)
    found: list[str] = []
    total = len(m.key_points)
    if m.covered and len(m.covered) * 2 >= total:
        found.append(say("covered", count=len(m.covered), total=total, points=_listing(say, m.covered)))
    if m.star is not None and m.star.situation and m.star.action and m.star.result:
        found.append(say("story"))
    if m.star is not None and m.star.result_quantified:
        found.append(say("quantified"))
    if m.star is not None and m.lesson:
        found.append(say("lesson"))
    if m.star is None:
        shown = ((m.complexity, "complexity"), (m.edge_cases, "edge_cases"), (m.example, "example"))
        found += [say(key) for present, key in shown if present]
    if m.quantities + m.named_terms >= need.specifics:
        found.append(say("specifics"))
    pace = m.speech.words_per_minute if m.speech is not None else None
    if pace is not None and HEALTHY_PACE[0] <= pace <= HEALTHY_PACE[1]:
        found.append(say("pace", wpm=pace))
    return found


def _structure_improvements(say: _Wording, m: Measures, question_type: str) -> list[str]:
    if m.star is None:
        complexity = "add_complexity" if question_type == "coding" else "add_trade_offs"
        parts = ((m.complexity, complexity), (m.edge_cases, "add_edge_cases"), (m.example, "add_example"))
        return [say(key) for present, key in parts if not present]
    if question_type != "behavioral":
        return [] if m.steps >= 2 else [say("add_steps")]
    # A story that already reads well is not nagged about its STAR labels; only the missing figure is.
    star = (
        (m.star.situation, "add_situation"),
        (m.star.task, "add_task"),
        (m.star.action, "add_action"),
        (m.star.result, "add_result"),
    )
    missing = [] if star_share(m.star) >= 0.8 else [say(key) for present, key in star if not present]
    if m.star.result and not m.star.result_quantified:
        missing.append(say("add_quantified"))
    return missing


def _delivery_improvements(say: _Wording, m: Measures) -> list[str]:
    found: list[str] = []
    if m.filler_rate >= FILLER_RATE_LIMIT:
        fillers = ", ".join(f"{word} ×{count}" for word, count in sorted(m.fillers.items(), key=lambda i: -i[1]))
        found.append(say("fillers", fillers=fillers))
    if m.hedges:
        found.append(say("hedges"))
    if m.speech is not None:
        pace = m.speech.words_per_minute
        if pace is not None and pace < HEALTHY_PACE[0]:
            found.append(say("too_slow", wpm=pace))
        elif pace is not None and pace > HEALTHY_PACE[1]:
            found.append(say("too_fast", wpm=pace))
        if (m.speech.long_pauses or 0) >= 2:
            found.append(say("pauses", count=m.speech.long_pauses))
    return found


def _improvements(say: _Wording, m: Measures, question_type: str, level: str, addressed_grader: bool) -> list[str]:
    """Most important first; every kind of problem gets a slot before any kind gets a second one."""
    need = expectations(level)
    content: list[str] = []
    if addressed_grader:
        content.append(say("grader_note"))
    if m.negative:
        content.append(say("negative"))
    if m.contradicted:  # a wrong fact comes before a missing one: it is the worse of the two
        content.append(say("contradicted", points=_listing(say, m.contradicted)))
    if missed := tuple(point for point in m.missed if point not in m.contradicted):
        content.append(say("missed", points=_listing(say, missed)))
    detail: list[str] = []
    if m.quantities + m.named_terms < need.specifics:
        detail.append(say("add_specifics"))
    ratio = m.words / max(m.expected_words, 1)
    if ratio < SHORT * need.length:
        detail.append(say("too_short", words=round(need.length * m.expected_words)))
    elif ratio > TOO_LONG:
        detail.append(say("too_long", words=m.expected_words))
    if m.generic >= 2:
        detail.append(say("generic"))
    sections = [content, _structure_improvements(say, m, question_type), detail, _delivery_improvements(say, m)]
    firsts = [section[0] for section in sections if section]
    rest = [text for section in sections for text in section[1:]]
    return (firsts + rest)[:MAX_IMPROVEMENTS]


def _verdict(score: int) -> str:
    if score >= 85:
        return "strong"
    if score >= 65:
        return "good"
    return "partial" if score >= 45 else "weak"


def review(m: Measures, *, question_type: str, level: str, score: int, addressed_grader: bool, language: str) -> Review:
    """Strengths, improvements and a summary written only from what the rubric measured, in ``language``."""
    say = _Wording(language)
    improvements = _improvements(say, m, question_type, level, addressed_grader)
    level_name = say(f"level.{level}") if f"level.{level}" in MESSAGES[say.language] else level
    parts = [say(_verdict(score)), say("summary", count=len(m.covered), total=len(m.key_points), level=level_name)]
    if improvements:
        parts.append(say("next_step", step=improvements[0]))
    strengths = tuple(_strengths(say, m, level))
    return Review(strengths=strengths, improvements=tuple(improvements), feedback=" ".join(parts))
