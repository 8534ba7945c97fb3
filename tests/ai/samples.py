"""Questions and answers the AI tests share: one technical, one behavioral, one Russian."""

from __future__ import annotations

from typing import Any

from ai.types import CRITERIA, QuestionSpec

INDEX_QUESTION = QuestionSpec(
    text="What is a database index, how does it speed up queries, and what are its costs?",
    type="technical",
    level="junior",
    key_points=(
        "B-tree index allows lookup in logarithmic time instead of full scan",
        "useful for WHERE, JOIN and ORDER BY columns",
        "slows down writes and uses disk space",
        "composite index column order matters",
        "check with EXPLAIN",
    ),
    sample_answer=(
        "An index is a separate data structure, most often a B-tree, that keeps the values of one or more columns "
        "sorted with pointers to the rows. Without an index, a query like WHERE email = '...' has to scan every row, "
        "which is O(n). With a B-tree index the database can find the value in logarithmic time and also read ranges "
        "and sorted results efficiently, so indexes help WHERE filters, JOIN conditions and ORDER BY. The costs are "
        "that every INSERT, UPDATE and DELETE must also update the index, so writes get slower, and indexes take disk "
        "and memory. Column order in a composite index matters. I always check with EXPLAIN whether the planner "
        "actually uses the index."
    ),
    tags=("databases", "sql"),
    expected_duration_seconds=120,
)
STRONG_INDEX_ANSWER = (
    "An index is a separate structure, usually a B-tree, that keeps column values sorted with pointers to rows. "
    "Without it a query with WHERE email = 'x' scans all rows, O(n); with the B-tree the lookup is logarithmic, "
    "and it also helps JOIN conditions and ORDER BY because the values are already sorted. The cost: every INSERT, "
    "UPDATE and DELETE must update the index, so writes get slower, and it uses disk space and memory. In a "
    "composite index the column order matters: (user_id, created_at) helps filtering by user_id but not by "
    "created_at alone. For example, on a 20 million row orders table an index on customer_id cut a report query "
    "from 4 seconds to 15 ms. I always check with EXPLAIN in PostgreSQL that the planner actually uses it."
)
WEAK_INDEX_ANSWER = "An index makes the database faster. You should add indexes to tables so queries are quick."

DEADLINE_QUESTION = QuestionSpec(
    text="Tell me about a time you missed a deadline or realised you would miss one.",
    type="behavioral",
    level="junior",
    key_points=(
        "situation with context",
        "why the deadline was at risk",
        "early communication to stakeholders",
        "own concrete actions: re-plan, reduce scope",
        "result",
        "lesson learned about estimation",
    ),
    sample_answer=(
        "I estimated three days to integrate a new payment provider into our checkout. On day two I discovered that "
        "their sandbox did not support refunds, so I realised I would need at least three more days. I told my team "
        "lead that same afternoon, explained what I had found, and proposed two options: ship payments without "
        "refunds on the original date, or move the release by three days. We shipped payments on time and refunds "
        "five days later. Since then I do a short spike on third-party integrations before estimating them."
    ),
    tags=("communication", "time-management"),
    expected_duration_seconds=150,
)
STAR_ANSWER = (
    "Last spring, at my previous job, our team had to ship a new payment provider integration by Friday. My task "
    "was the checkout part, which I had estimated at three days. On Tuesday I found that their sandbox did not "
    "support refunds, so the deadline was at risk. I told my lead and the product manager the same afternoon, "
    "explained the problem, and proposed to reduce scope: ship payments first and refunds a week later. I re-planned "
    "my tasks, wrote the refund flow behind a feature flag and asked a colleague to review it early. As a result we "
    "shipped payments on time, refunds followed five days later, and failed checkouts dropped by 12 percent. "
    "I learned to do a short spike before estimating third-party integrations."
)
STORY_WITHOUT_RESULT = (
    "At my previous job our team had a release planned for Friday and I realised my part would be late because "
    "the API I depended on was not ready. I told my lead about it and started working on another ticket meanwhile."
)

RU_DICT_QUESTION = QuestionSpec(
    text="Как устроен словарь (dict) в Python и почему поиск по ключу работает быстро?",
    type="technical",
    level="intern",
    key_points=(
        "хеш-таблица",
        "хеш ключа определяет позицию",
        "поиск за O(1) в среднем",
        "ключи должны быть хешируемыми",
        "коллизии и рост таблицы",
    ),
    sample_answer=(
        "Словарь в Python реализован как хеш-таблица. Python вычисляет хеш ключа и по нему определяет место в "
        "таблице. Поэтому поиск работает в среднем за O(1). При совпадении позиций возникает коллизия. Когда таблица "
        "заполняется, она увеличивается. Ключи должны быть хешируемыми и неизменяемыми."
    ),
    tags=("python", "data-structures"),
    expected_duration_seconds=90,
    language="ru",
)
RU_STRONG_ANSWER = (
    "Словарь в Python — это хеш-таблица. Для ключа вычисляется хеш, и по хешу определяется позиция ячейки в "
    "таблице, поэтому поиск идёт в среднем за O(1), а не перебором. Если позиции совпадают, возникает коллизия, и "
    "Python ищет другую свободную ячейку; когда таблица заполняется на две трети, она растёт и элементы "
    "перераспределяются. Поэтому ключи должны быть хешируемыми: строки и кортежи подходят, а списки нет. Например, "
    "словарь на миллион пользователей по id отвечает мгновенно."
)
RU_WEAK_ANSWER = "Словарь хранит данные по ключу, это удобно и быстро работает в Python."


def evaluation_reply(score: int | None = 72, **overrides: Any) -> dict[str, Any]:
    """A reply that satisfies the evaluate-v1 schema."""
    reply = {
        "scores": dict.fromkeys(CRITERIA, 70),
        "score": score,
        "strengths": ["Explains the B-tree lookup."],
        "improvements": ["Mention composite index column order."],
        "feedback": "A solid answer.",
        "covered_key_points": ["B-tree index allows lookup in logarithmic time instead of full scan"],
        "missed_key_points": ["check with EXPLAIN"],
        "star": None,
    }
    return {**reply, **overrides}
