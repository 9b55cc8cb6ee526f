"""`reviewapp conflicts` on the unseen workbook finds exactly the designed conflicts."""

from __future__ import annotations

import json

from flask import Flask

from tests.helpers.integration import Imported, Workspace, invoke, read_csv
from tests.helpers.unseen_cases import NOT_CONFLICTS, expected_conflicts


def test_conflicts_are_exactly_the_designed_table(
    workspace: Workspace, local_app: Flask, imported: Imported
) -> None:
    """C1 by unit, parent unit and credit code; C2–C6 from relations and avoidance; no more."""
    out = workspace.folder / "conflicts.csv"
    result = invoke(local_app, "conflicts", str(imported.call_id), "--out", str(out))
    assert result.exit_code == 0, result.output
    header, rows = read_csv(out)
    assert header == ["app_id", "expert_id", "rule", "evidence"]
    found = {(row["app_id"], row["expert_id"], row["rule"]) for row in rows}
    want = expected_conflicts()
    assert (sorted(want - found), sorted(found - want)) == ([], [])
    assert all(row["evidence"].strip() for row in rows)
    # Evidence quotes names typed by clerks: no cell may start like a formula.
    assert not [v for row in rows for v in row.values() if v[:1] in ("=", "+", "-", "@")]
    assert not NOT_CONFLICTS & {(a, e) for a, e, _rule in found}
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["forbidden_pairs"] == len({(a, e) for a, e, _rule in want})
    assert set(summary["by_rule"]) == {"C1", "C2", "C3", "C4", "C5", "C6"}


# Hand-picked pairs the table must hold: parent unit, credit code, reverse relation, edges.
PINNED = {
    ("A40", "X02", "C1"),  # expert at a college of the applicant university
    ("A01", "X03", "C1"),  # expert's unit typed again under another id, same credit code
    ("A35", "X04", "C2"),  # past job ended a day inside the 3-year window
    ("A34", "X05", "C2"),  # … exactly on its edge
    ("A40", "X20", "C2"),  # past job at a college of the lead university
    ("A01", "X23", "C2"),  # past job at the partner typed again
    ("A27", "X07", "C3"),  # the expert is the PI
    ("A01", "X08", "C3"),  # relative of the PI
    ("A10", "X09", "C4"),  # collaboration written PI → expert
    ("A38", "X15", "C5"),  # student → advisor
    ("A14", "X12", "C6"),  # avoidance of one expert
    ("A16", "X13", "C6"),  # avoidance of a unit
    ("A40", "X02", "C6"),  # avoidance of a university reaches its college
    ("A07", "X03", "C6"),  # avoidance of a unit typed again reaches its twin
}


def test_designed_table_pins_the_edges() -> None:
    """The expected table holds every hand-picked case and every rule C1–C6 (C7 is a web
    recusal, not a workbook fact), and none of the allowed pairs."""
    table = expected_conflicts()
    assert PINNED <= table
    assert {rule for _a, _e, rule in table} == {f"C{n}" for n in range(1, 7)}
    assert not NOT_CONFLICTS & {(a, e) for a, e, _rule in table}
