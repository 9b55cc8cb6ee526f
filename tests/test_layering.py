"""The pure libraries import neither the web stack, the app, nor each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEB = ("flask", "sqlalchemy", "wtforms", "flask_", "reviewapp", "alembic", "werkzeug")
FORBIDDEN = {"scoring": (*WEB, "assignment"), "assignment": (*WEB, "scoring")}


def imported_modules(path: Path) -> set[str]:
    """Every absolute module name one Python file imports."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def is_forbidden(module: str, prefixes: tuple[str, ...]) -> bool:
    """Whether `module` is, or lies inside, a forbidden package."""
    return any(
        module == p or module.startswith(p if p.endswith("_") else p + ".") for p in prefixes
    )


@pytest.mark.parametrize("library", sorted(FORBIDDEN))
def test_library_imports_stay_pure(library):
    """No file of the library imports a forbidden package."""
    files = sorted((ROOT / library).rglob("*.py"))
    assert files, f"{library}/ has no Python files"
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in files
        for module in imported_modules(path)
        if is_forbidden(module, FORBIDDEN[library])
    }
    assert offenders == set()


def test_checker_catches_forbidden_imports(tmp_path):
    """The checker sees plain, dotted and from-imports."""
    sample = tmp_path / "x.py"
    sample.write_text("import flask_login\nfrom sqlalchemy.orm import Session\nimport numpy\n")
    modules = imported_modules(sample)
    assert {m for m in modules if is_forbidden(m, FORBIDDEN["scoring"])} == {
        "flask_login", "sqlalchemy.orm"}
