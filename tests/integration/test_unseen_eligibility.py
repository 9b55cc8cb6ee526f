"""Import and eligibility of a workbook the code has never seen, through the command line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from reviewapp.extensions import db
from reviewapp.services.call_export import load_call_book
from tests.helpers.integration import Imported, Workspace, invoke, read_csv
from tests.helpers.unseen_book import EN, MESSY, messy_book, write_book
from tests.helpers.unseen_cases import (
    CASES,
    DEADLINE,
    EXPERTS,
    RELATIONS,
    T1_NAME,
    T2_NAME,
    UNITS,
    Book,
    Case,
    Raw,
)

TRACK_IDS = {T1_NAME: "T1", T2_NAME: "T2"}


def verdicts(path: Path) -> dict[str, tuple[str, frozenset[str], frozenset[str]]]:
    """app_id → (eligible, failed rules, flagged rules) of an eligibility CSV."""
    _header, rows = read_csv(path)

    def ids(cell: str) -> frozenset[str]:
        """The rule ids of a `;`-separated cell."""
        return frozenset(part.strip() for part in cell.split(";") if part.strip())

    return {row["app_id"]: (row["eligible"], ids(row["failed"]), ids(row["flags"]))
            for row in rows}


def test_import_prints_the_call_id_alone_last(imported: Imported) -> None:
    """The last stdout line of import-call is the new call's id and nothing else."""
    assert imported.stdout.strip().splitlines()[-1] == str(imported.call_id)
    assert "Traceback" not in imported.stdout + imported.stderr


def test_eligibility_csv_has_exactly_the_designed_columns(eligibility_csv: Path) -> None:
    """The CSV header is app_id,eligible,failed,flags and it holds every application."""
    header, rows = read_csv(eligibility_csv)
    assert header == ["app_id", "eligible", "failed", "flags"]
    assert sorted(row["app_id"] for row in rows) == sorted(c.row["app_id"] for c in CASES)
    assert {row["eligible"] for row in rows} <= {"是", "否"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.row["app_id"])
def test_verdict_matches_the_guide(case: Case, eligibility_csv: Path) -> None:
    """Each application fails or flags exactly the rule it was designed to test."""
    eligible, failed, flags = verdicts(eligibility_csv)[case.row["app_id"]]
    assert (failed, flags) == (case.failed, case.flags), case.why
    assert eligible == ("是" if case.eligible else "否"), case.why


def _expected(key: str, value: Any) -> Any:
    """What the record field for a semantic workbook value must hold."""
    if key.endswith("_wan"):
        return int(Decimal(value) * 10_000)
    if key == "track":
        return TRACK_IDS.get(value, value)
    return value


def _compare(record: Any, row: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Fields where the imported record differs from the semantic row: key → (want, got)."""
    wrong = {}
    for key, value in row.items():
        if isinstance(value, Raw) or value is None or key in skip:
            continue
        got = getattr(record, key.replace("_wan", "_yuan"))
        want = _expected(key, value)
        if (tuple(got) if isinstance(want, tuple) else got) != want:
            wrong[key] = (want, got)
    return wrong


def test_every_spelling_reads_as_written(local_app: Flask, imported: Imported) -> None:
    """Money, yes/no, dates, lists and track names in all their spellings import exactly."""
    with local_app.app_context():
        book = load_call_book(imported.call_id)
        db.session.remove()
    pairs = (
        (book.applications, "app_id", [c.row for c in CASES], ()),
        (book.experts, "expert_id", EXPERTS, ()),
        # Provinces may be shortened on import (新疆维吾尔自治区 → 新疆).
        (book.units, "unit_id", UNITS, ("province",)),
    )
    for records, key, rows, skip in pairs:
        by_id = {getattr(record, key): record for record in records}
        wrong = {row[key]: _compare(by_id[row[key]], row, skip) for row in rows}
        assert {k: v for k, v in wrong.items() if v} == {}
    assert next(a for a in book.applications if a.app_id == "A01").requested_yuan == 500_000
    assert len(book.relations) == len(RELATIONS)


VARIANTS = {
    "english-shuffled": (EN, Book),
    "messy-clerk": (MESSY, messy_book),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_other_spellings_give_the_same_verdicts(
    variant: str, workspace: Workspace, local_app: Flask, eligibility_csv: Path
) -> None:
    """English keys, shuffled and unknown columns; or Excel booleans, timed dates, stray
    spaces, full-width brackets and blank rows: the same verdicts as the Chinese book."""
    layout, make_book = VARIANTS[variant]
    book = write_book(workspace.folder / f"unseen-{variant}.xlsx", make_book(), layout)
    done = invoke(local_app, "import-call", str(book), "--name", variant,
                  "--deadline", DEADLINE.isoformat())
    assert done.exit_code == 0, done.output
    call_id = done.stdout.strip().splitlines()[-1]
    out = workspace.folder / f"eligibility-{variant}.csv"
    ran = invoke(local_app, "eligibility", call_id, "--out", str(out))
    assert ran.exit_code == 0, ran.output
    assert verdicts(out) == verdicts(eligibility_csv)


def test_exported_book_reimports_to_the_same_verdicts(
    workspace: Workspace, local_app: Flask, imported: Imported, eligibility_csv: Path
) -> None:
    """`export-call` writes the import format: re-imported, it gives the same verdicts."""
    exported = workspace.folder / "exported.xlsx"
    wrote = invoke(local_app, "export-call", str(imported.call_id), "--out", str(exported))
    assert wrote.exit_code == 0, wrote.output
    done = invoke(local_app, "import-call", str(exported), "--name", "re-imported",
                  "--deadline", DEADLINE.isoformat())
    assert done.exit_code == 0, done.output
    call_id = done.stdout.strip().splitlines()[-1]
    out = workspace.folder / "eligibility-exported.csv"
    assert invoke(local_app, "eligibility", call_id, "--out", str(out)).exit_code == 0
    assert verdicts(out) == verdicts(eligibility_csv)
