"""ai.grading is the one grading library both providers use: plain Python the benchmark can run
without a Django project, and the OpenAI provider caps its scores with it, not with the offline provider."""

import ast
from pathlib import Path

import ai.grading
import ai.providers.openai

GRADING = Path(ai.grading.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_the_grading_library_imports_no_django():
    modules = {path.name: _imported_modules(path) for path in GRADING.glob("*.py")}

    assert {"feedback.py", "gate.py", "measures.py", "scoring.py", "semantic.py"} <= set(modules)
    assert {name: sorted(m for m in found if m.split(".")[0] == "django") for name, found in modules.items()} == {
        name: [] for name in modules
    }


def test_the_openai_provider_caps_scores_with_the_library_not_the_offline_provider():
    tree = ast.parse(Path(ai.providers.openai.__file__).read_text())
    imported = {
        (node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names
    }

    assert ("ai.grading.scoring", "grade") in imported
    assert not any(name == "OfflineProvider" or module == "ai.providers.offline" for module, name in imported)
