"""`reviewapp assign` on the unseen workbook: full panels, no conflicts, every limit kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

from tests.helpers.integration import Imported, Workspace, invoke, read_csv
from tests.helpers.unseen_cases import CASES, assert_keeps_every_rule

PER_APP = 3
MODES = (("optimal",), ("fair",), ("randomized", "--seed", "11"))


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m[0])
def test_assignment_keeps_every_rule(
    mode: tuple[str, ...], workspace: Workspace, local_app: Flask, imported: Imported,
    eligibility_csv: Path,
) -> None:
    """K experts per eligible application; none conflicted, unavailable or over load."""
    out = workspace.folder / f"assign-{mode[0]}.csv"
    result = invoke(local_app, "assign", str(imported.call_id), "--per-app", str(PER_APP),
                    "--mode", *mode, "--out", str(out))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    header, rows = read_csv(out)
    assert header == ["app_id", "expert_id", "affinity"]
    assert summary["assignments"] == len(rows)
    pairs = [(row["app_id"], row["expert_id"]) for row in rows]
    assert len(set(pairs)) == len(pairs)
    assert all(0.0 <= float(row["affinity"]) for row in rows)

    eligible = {case.row["app_id"] for case in CASES if case.eligible}
    assert_keeps_every_rule(pairs, eligible, PER_APP)
