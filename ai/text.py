"""Text helpers shared by the offline rubric, the gate and the result cache.

Deliberately light: a regex tokenizer, a stopword list and a suffix-stripping stemmer for
English and Russian. They only need to decide whether two texts talk about the same things,
so over-stemming a little is cheaper than a real morphology dependency.
"""

from __future__ import annotations

import functools
import re

# Big-O expressions are one token ("o(n log n)" -> "o(nlogn)") so complexity claims can be matched.
_WORD_RE = re.compile(r"o\([^()]{1,20}\)|[^\W_]+(?:[-'+#.][^\W_]+)*[+#]*", re.UNICODE)

# One whitespace-separated block is easier to scan and extend than ~300 quoted literals.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing done down during each either else etc even ever every
    few for from further gets got had has have having he her here hers him his how however i if in into
    is it its itself just let lets may me might more most much must my myself no nor not now of off often
    on once one only or other our ours out over own per quite rather really same shall she should so some
    such than that the their theirs them then there these they this those though through thus to too under
    until up upon us use used using very via was way we well were what when where whether which while who
    whom whose why will with within without would yes yet you your yours yourself
    i'm i'd i've i'll it's don't doesn't didn't can't won't isn't aren't wasn't that's there's we're they're
    you're let's we'd we'll we've
    like want know think lot lots kind sort good great sure ok okay yeah um uh
    answer candidate describe describes discuss discusses explain explains explanation mention mentions
    give gives show shows talk talks name names state states note notes thing things something someone
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот
    от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь
    опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была
    сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним
    здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об
    другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем
    хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это
    также очень которые который которая которое
    наш наша наше наши нашего нашей нашему нашим наших нашу нашем ваш ваша ваше ваши вашего вашей вашим
    ваших свой своя свое свои своего своей своему своим своих свою своем весь вся всем всеми каждый каждая
    каждое каждые каждого каждой каждому каждым каждую каждом каждых вместе ок окей ладно
    """.split()  # noqa: SIM905
)


def _longest_first(*suffixes: str) -> tuple[str, ...]:
    """Suffixes in the order to try them, so "ations" wins over "s"."""
    return tuple(sorted(suffixes, key=len, reverse=True))


_EN_SUFFIXES = _longest_first(
    "izations", "ization", "nesses", "izing", "ized", "izes", "ize", "ising", "ised", "ise", "abilities", "ability",
    "able", "ible", "ive", "ful", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ities", "ity",
    "ions", "ion", "ers", "er", "ed", "ly", "es", "s", "e",
)  # fmt: skip
_RU_SUFFIXES = _longest_first(
    "иями", "ями", "ами", "ость", "ости", "ение", "ения", "ованием", "ование", "ования", "ировать",
    "ировал", "ирует", "ого", "его", "ому", "ему", "ыми", "ими", "ать", "ять", "ить", "еть", "ует", "ют",
    "ет", "ит", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ую", "юю", "ом", "ем", "ам", "ям", "ах",
    "ях", "ов", "ев", "ы", "и", "а", "я", "о", "е", "у", "ю", "ь",
)  # fmt: skip
_MIN_STEM = 3
_MAX_STEM = 7  # "optimization"/"optimizing" and "индексирование"/"индексы" meet at a common prefix


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; keeps technical tokens such as ``c++``, ``c#``, ``b-tree``, ``node.js``."""
    return [token.replace(" ", "") for token in _WORD_RE.findall(text.lower().replace("ё", "е"))]


def _strip(word: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=65536)  # a grade stems every word of answer and reference, often the same words
def stem(word: str) -> str:
    """A crude stem: strip one inflectional suffix, then cut to a common prefix length."""
    if "-" in word:
        return "-".join(stem(part) for part in word.split("-"))
    if not word.isalpha():
        return word
    if re.search("[а-я]", word):
        return _strip(word, _RU_SUFFIXES)[:_MAX_STEM]
    base = _strip(word, _EN_SUFFIXES)
    if base.endswith("y"):  # "query" and "queries" meet at "queri"
        base = base[:-1] + "i"
    return base[:_MAX_STEM]


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry meaning (no stopwords, no one-letter tokens)."""
    return {stem(token) for token in tokenize(text) if token not in STOPWORDS and len(token) > 1}


def normalize(text: str) -> str:
    """Case- and whitespace-insensitive form: the identity of an answer or question text."""
    return " ".join(text.lower().split())
