"""Offline code quality: complexity, naming and length, from the code's text alone (nothing runs).

Python is read with its own parser (``ast``): McCabe cyclomatic complexity per function, nesting
depth, PEP 8 names, function length. JavaScript has no parser in the standard library, so it is
tokenised after stripping strings and comments and measured the same way from keywords and
braces; it cannot see scopes, so it checks only declared names (``let``/``const``/``var``/
``function``), and it counts ``?`` of optional chaining as a branch. Each finding costs points
off 100; the findings are the feedback.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

COMPLEXITY_LIMIT = 10
NESTING_LIMIT = 4
FUNCTION_LINES_LIMIT = 50
LINE_LENGTH_LIMIT = 120
# PEP 8 (pycodestyle E741): names easily mistaken for 1 and 0. Other one-letter names are conventional
# enough in a short function (i, n, x) that flagging them would be noise.
AMBIGUOUS_NAMES = frozenset({"l", "O", "I"})
_SNAKE = re.compile(r"^_{0,2}[a-z][a-z0-9_]*$|^_$")
_CAMEL = re.compile(r"^[a-z][A-Za-z0-9]*$|^_$")


@dataclass(frozen=True)
class Quality:
    score: int  # 0-100
    complexity: int  # highest cyclomatic complexity of one function
    max_nesting: int
    lines: int
    findings: tuple[str, ...]  # short English codes, translated by the caller: see FINDINGS


FINDINGS = (
    "syntax_error",
    "complex",
    "deep_nesting",
    "long_function",
    "long_lines",
    "ambiguous_names",
    "naming_style",
)
_PENALTY = {
    "syntax_error": 100,
    "complex": 25,
    "deep_nesting": 15,
    "long_function": 15,
    "long_lines": 5,
    "ambiguous_names": 10,
    "naming_style": 10,
}


def analyse(*, language: str, code: str) -> Quality:
    return _python(code) if language == "python" else _javascript(code)


def _result(findings: list[str], complexity: int, nesting: int, lines: int) -> Quality:
    score = max(0, 100 - sum(_PENALTY[finding] for finding in findings))
    return Quality(score=score, complexity=complexity, max_nesting=nesting, lines=lines, findings=tuple(findings))


def _common(lines: list[str], complexity: int, nesting: int, longest_function: int) -> list[str]:
    findings = []
    if complexity > COMPLEXITY_LIMIT:
        findings.append("complex")
    if nesting > NESTING_LIMIT:
        findings.append("deep_nesting")
    if longest_function > FUNCTION_LINES_LIMIT:
        findings.append("long_function")
    if any(len(line) > LINE_LENGTH_LIMIT for line in lines):
        findings.append("long_lines")
    return findings


# --- Python --------------------------------------------------------------------------------

_BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.IfExp, ast.comprehension, ast.Assert)
_BLOCKS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)


def _python(code: str) -> Quality:
    lines = code.splitlines()
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _result(["syntax_error"], 0, 0, len(lines))
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    complexity = max((_mccabe(function) for function in functions), default=1)
    longest = max(((function.end_lineno or 0) - function.lineno + 1 for function in functions), default=0)
    findings = _common(lines, complexity, _nesting(tree), longest)
    names = {function.name for function in functions}
    names |= {arg.arg for function in functions for arg in function.args.args}
    names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    findings += _naming(names, _SNAKE)
    return _result(findings, complexity, _nesting(tree), len(lines))


def _mccabe(function: ast.AST) -> int:
    complexity = 1
    for node in ast.walk(function):
        if isinstance(node, _BRANCHES):
            complexity += 1
        elif isinstance(node, ast.BoolOp):
            complexity += len(node.values) - 1
        elif isinstance(node, ast.match_case):
            complexity += 1
    return complexity


def _nesting(node: ast.AST, depth: int = 0) -> int:
    deepest = depth
    for child in ast.iter_child_nodes(node):
        deepest = max(deepest, _nesting(child, depth + isinstance(child, _BLOCKS)))
    return deepest


def _naming(names: set[str], style: re.Pattern[str]) -> list[str]:
    findings = []
    if names & AMBIGUOUS_NAMES:
        findings.append("ambiguous_names")
    if any(not style.match(name) and not name.isupper() for name in names - AMBIGUOUS_NAMES):  # CONSTANTS are fine
        findings.append("naming_style")
    return findings


# --- JavaScript ----------------------------------------------------------------------------

_JS_STRINGS_AND_COMMENTS = re.compile(
    r"//[^\n]*|/\*.*?\*/|`(?:\\.|[^`\\])*`|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"", re.DOTALL
)
_JS_BRANCH = re.compile(r"\b(?:if|for|while|case|catch)\b|&&|\|\||\?\?|\?")
_JS_DECLARED = re.compile(r"\b(?:let|const|var|function)\s+([A-Za-z_$][\w$]*)")
_JS_DESTRUCTURED = re.compile(r"\b(?:let|const|var)\s*[\[{]([^\]}=]*)[\]}]")


def _javascript(code: str) -> Quality:
    lines = code.splitlines()
    bare = _JS_STRINGS_AND_COMMENTS.sub('""', code)
    if bare.count("{") != bare.count("}") or bare.count("(") != bare.count(")"):
        return _result(["syntax_error"], 0, 0, len(lines))
    depth = deepest = 0
    for char in bare:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    complexity = 1 + len(_JS_BRANCH.findall(bare))
    # The function's own braces are one level; count the levels inside it, as for Python.
    findings = _common(lines, complexity, deepest - 1, len(lines))
    names = set(_JS_DECLARED.findall(bare))
    for group in _JS_DESTRUCTURED.findall(bare):
        names |= {part.strip().split(":")[-1].strip() for part in group.split(",") if part.strip()}
    findings += _naming({name for name in names if name}, _CAMEL)
    return _result(findings, complexity, max(0, deepest - 1), len(lines))
