"""Tests share code one way only: helpers from `tests.helpers`, fixtures from conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.imports import imported_modules

ROOT = Path(__file__).resolve().parents[1]
TEST_FILES = sorted((ROOT / "tests").rglob("*.py"))
BENCHMARKS = sorted((ROOT / "benchmarks").rglob("*.py"))
# Module names a file inside tests/ could be imported by when its folder is on sys.path.
LOCAL_NAMES = {path.stem for path in TEST_FILES}



def wrong_imports(path: Path, allow_helpers: bool) -> list[str]:
    """Imports of test code other than `tests.helpers.*` (none at all when not allowed)."""
    wrong = []
    for module in sorted(imported_modules(path)):
        top = module.split(".")[0]
        helper = module == "tests.helpers" or module.startswith("tests.helpers.")
        if (top == "tests" and not (helper and allow_helpers)) or top in LOCAL_NAMES:
            wrong.append(module)
    return wrong


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_tests_import_shared_code_only_from_the_helper_package(path: Path) -> None:
    """No test imports another test module, a conftest, or a helper by its bare name."""
    assert wrong_imports(path, allow_helpers=True) == []


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_benchmarks_import_only_the_project(path: Path) -> None:
    """A benchmark runs on an installed project alone, without the test tree."""
    assert wrong_imports(path, allow_helpers=False) == []


def test_the_checker_catches_the_old_ways(tmp_path: Path) -> None:
    """Bare helper names, test modules and helpers in a benchmark are all caught."""
    planted = tmp_path / "planted.py"
    planted.write_text("from solver import planted_problem\n"
                       "from tests.reviewapp.test_data_fix import stored_call\n"
                       "from tests.helpers.pg import postgresql_schema\n", encoding="utf-8")
    assert wrong_imports(planted, allow_helpers=True) == [
        "solver", "tests.reviewapp.test_data_fix"]
    assert "tests.helpers.pg" in wrong_imports(planted, allow_helpers=False)
