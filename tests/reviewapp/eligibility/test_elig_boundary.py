"""The rule engine stays pure: no web framework or database import in reviewapp/eligibility."""

from __future__ import annotations

import ast
from pathlib import Path

import reviewapp.eligibility

FORBIDDEN = ("flask", "flask_", "sqlalchemy", "wtforms", "reviewapp.models",
             "reviewapp.services", "reviewapp.extensions")


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_engine_imports_no_framework() -> None:
    package = Path(reviewapp.eligibility.__file__).parent
    files = sorted(package.glob("*.py"))
    assert len(files) >= 8
    for path in files:
        bad = {m for m in imported_modules(path) if m.startswith(FORBIDDEN)}
        assert not bad, (path.name, bad)
