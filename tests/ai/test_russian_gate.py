"""Russian answers to Russian bank questions are graded on their merits, and an answer about something else is not."""

from __future__ import annotations

import json
from functools import cache

import pytest

from ai.grading.gate import OFF_TOPIC
from ai.providers.offline import OfflineProvider
from ai.types import Evaluation, EvaluationInput, QuestionSpec
from questions.models import Question
from questions.services import BANK_FILE


@cache
def _bank() -> dict[str, Question]:
    return {row["slug"]: Question(**row) for row in json.loads(BANK_FILE.read_text(encoding="utf-8"))}


def bank_question(slug: str) -> QuestionSpec:
    return _bank()[slug].as_spec()


def evaluate(slug: str, answer: str) -> Evaluation:
    data = EvaluationInput(question=bank_question(slug), answer_text=answer, language="ru")
    return OfflineProvider().evaluate_answer(data)


GOOD_ANSWERS = [
    (
        "ru-tech-junior-django-orm-queryset-lazy",
        "QuerySet в Django ленивый: когда я пишу filter или exclude, обращения к базе ещё нет, строится только "
        "описание запроса. Реальный SQL выполняется, когда данные действительно нужны: при итерации в цикле, при "
        "вызове list или len, при срезе с шагом и при печати в консоли. Результат кешируется внутри QuerySet, "
        "поэтому повторный обход того же объекта не идёт в базу.",
    ),
    (
        "ru-beh-junior-mistake-production",
        "Однажды я выкатил изменение, в котором забыл обработать пустое значение поля, и у части клиентов перестала "
        "открываться страница профиля. Я заметил всплеск ошибок в мониторинге через десять минут, сразу сообщил "
        "тимлиду и откатил релиз. Потом написал тест на этот случай, исправил код и выкатил снова. На разборе мы "
        "добавили проверку на пустые данные в чек-лист ревью.",
    ),
    (
        "ru-hr-junior-salary",
        "Я изучил рынок для джуниор-разработчиков на Python в нашем городе, там диапазон примерно от восьмидесяти "
        "до ста двадцати тысяч. С учётом года коммерческого опыта я рассчитываю на сто – сто десять тысяч рублей "
        "на руки. Но для меня также важны задачи и наставничество, поэтому готов обсуждать.",
    ),
    (
        "ru-sit-middle-incident-night",
        "Сначала я подтвержу, что сервис действительно недоступен, и открою инцидент в канале. Затем посмотрю, что "
        "менялось последним: если был релиз, откачу его. Проверю логи, метрики базы и внешних зависимостей. Если "
        "своими силами не справлюсь, разбужу владельца сервиса по списку эскалации. Буду писать статус каждые "
        "пятнадцать минут, а утром проведу разбор инцидента.",
    ),
    (
        "ru-mgr-middle-tech-debt",
        "Я говорю с продактом на языке его целей. Показываю, сколько времени команда теряет на обходные пути и баги "
        "из-за старого кода и как это замедляет выпуск фич. Предлагаю не большой отдельный проект, а постоянную "
        "долю спринта, например пятнадцать процентов, и конкретные задачи с понятным эффектом. После работ "
        "показываю результат в цифрах.",
    ),
    (
        "ru-tech-intern-git-merge-rebase",
        "Merge объединяет ветки и добавляет коммит слияния, сохраняя всю историю с ветвлениями. Rebase переписывает "
        "мои коммиты так, будто они сделаны поверх актуальной ветки, и история получается прямой. Rebase нельзя "
        "применять к общим веткам, которые уже запушены, потому что меняются хеши коммитов.",
    ),
]

TERSE_ANSWERS = [
    (
        "ru-tech-junior-rest-status-auth",
        "401 — не вошёл в систему, 403 — вошёл, но нельзя. Валидация 400, нет ресурса 404.",
    ),
    ("ru-tech-intern-stack-vs-queue", "Стек LIFO, очередь FIFO."),
    ("ru-hr-junior-salary", "Сто двадцать тысяч на руки."),
    ("ru-hr-junior-hobbies", "Бегаю по утрам и играю в настольные игры с друзьями."),
]

OFF_TOPIC_ANSWERS = [
    (
        "ru-beh-junior-mistake-production",
        "Летом мы с семьёй ездили на Байкал, жили в палатке на берегу и каждый день ходили в походы. Вода была очень "
        "холодной, но прозрачной, а вечером мы жарили рыбу на костре.",
    ),
    (
        "ru-hr-junior-salary",
        "Футбольный матч закончился вничью, хотя наша команда весь второй тайм атаковала и дважды попала в штангу.",
    ),
    (
        "ru-tech-middle-celery-reliability",
        "Завтра обещают дождь и сильный ветер, поэтому лучше взять зонт и надеть тёплую куртку.",
    ),
    (
        "ru-mgr-senior-hiring-process",
        "Мой любимый фильм это «Иван Васильевич меняет профессию», я пересматриваю его каждый Новый год "
        "вместе с родителями.",
    ),
]


@pytest.mark.parametrize(("slug", "answer"), GOOD_ANSWERS)
def test_a_good_russian_answer_is_graded_with_a_fair_score(slug: str, answer: str) -> None:
    evaluation = evaluate(slug, answer)

    assert evaluation.gate == ""
    assert evaluation.score >= 65
    assert evaluation.covered_key_points


@pytest.mark.parametrize(("slug", "answer"), TERSE_ANSWERS)
def test_a_terse_right_russian_answer_is_graded_not_gated(slug: str, answer: str) -> None:
    assert evaluate(slug, answer).gate == ""


@pytest.mark.parametrize(("slug", "answer"), OFF_TOPIC_ANSWERS)
def test_a_russian_answer_about_something_else_is_gated_off_topic(slug: str, answer: str) -> None:
    evaluation = evaluate(slug, answer)

    assert evaluation.gate == OFF_TOPIC
    assert evaluation.score <= 10
    assert evaluation.feedback == "Ответ не по теме: в нём нет ни одного ключевого термина из вопроса."
