"""The dependency order is enforced: import-linter's contracts (pyproject.toml, run by `make lint`)
pass on the tree as it is and fail when a module imports from a layer above its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _tree_with(tmp_path: Path, *, package: str, module: str, line: str) -> Path:
    """The project's packages, linked, with ``package`` copied and ``line`` appended to one of its modules."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for name in config["root_packages"]:
        if name == package:
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (tmp_path / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / package / module
    target.write_text(target.read_text() + f"\n{line}\n")
    return tmp_path


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, env={"PYTHONPATH": str(tree)}, capture_output=True, text=True
    )


def test_the_contracts_hold_on_the_tree() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout


def test_an_upward_import_from_the_kernel_fails_the_contract(tmp_path: Path) -> None:
    tree = _tree_with(tmp_path, package="kernel", module="cache.py", line="from accounts.models import User  # noqa")
    result = _lint_imports(tree)
    assert result.returncode != 0
    assert "kernel is not allowed to import accounts" in result.stdout


def test_a_domain_app_importing_analytics_fails_the_contract(tmp_path: Path) -> None:
    tree = _tree_with(
        tmp_path, package="billing", module="apps.py", line="from analytics.services import event_record  # noqa"
    )
    result = _lint_imports(tree)
    assert result.returncode != 0
    assert "billing is not allowed to import analytics" in result.stdout
