"""The scoring library stays pure: no web, database, app or sibling-library imports."""

import ast
from pathlib import Path

import scoring

FORBIDDEN = {"flask", "sqlalchemy", "wtforms", "reviewapp", "assignment", "flask_sqlalchemy",
             "flask_login", "flask_babel", "flask_wtf", "flask_migrate"}


def test_scoring_imports_nothing_forbidden():
    """No module of scoring/ imports Flask, SQLAlchemy, WTForms, reviewapp or assignment."""
    package = Path(scoring.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert len(modules) > 5
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
