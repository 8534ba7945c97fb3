"""Print the app-level import graph: which top-level package imports which, how many module-level
imports each edge has, and the packages that import each other in a cycle (there should be none).

    .venv/bin/python scripts/import_graph.py

It reads the same packages import-linter checks (pyproject.toml [tool.importlinter]); tests and
migrations are left out, as they are outside the layering."""

from __future__ import annotations

import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    packages = list(config["root_packages"])
    graph = grimp.build_graph(*packages)
    edges: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for importer in graph.modules:
        if ".migrations" in importer:
            continue
        source = importer.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(importer):
            target = imported.split(".")[0]
            if target != source and target in packages:
                edges[source][target] += 1
    for package in packages:
        targets = ", ".join(f"{target} ({count})" for target, count in sorted(edges[package].items()))
        print(f"{package:>13} -> {targets or '-'}")
    cycles = _cycles(packages, edges)
    print("cycles:", "; ".join(" <-> ".join(cycle) for cycle in cycles) if cycles else "none")
    return 1 if cycles else 0


def _cycles(packages: list[str], edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(package: str) -> None:
        index[package] = low[package] = len(index)
        stack.append(package)
        for target in edges[package]:
            if target not in index:
                visit(target)
                low[package] = min(low[package], low[target])
            elif target in stack:
                low[package] = min(low[package], index[target])
        if low[package] == index[package]:
            component = []
            while (member := stack.pop()) != package:
                component.append(member)
            component.append(package)
            if len(component) > 1:
                components.append(sorted(component))

    for package in packages:
        if package not in index:
            visit(package)
    return components


if __name__ == "__main__":
    sys.exit(main())
