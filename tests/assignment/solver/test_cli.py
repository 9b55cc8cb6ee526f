"""`python -m assignment solve`: CSV in, CSV out, one JSON line, non-zero exit when infeasible."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

from assignment.cli import main


def write(path, header, rows):
    """Write a small CSV file."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def test_solve_writes_pairs_and_one_json_line(tmp_path, capsys):
    """Negative scores are candidates; conflicts are honoured; the summary is one line."""
    scores = write(tmp_path / "s.csv", ["paper_id", "reviewer_id", "score"],
                   [("p1", "r1", 0.9), ("p1", "r2", -0.2), ("p2", "r1", 0.8), ("p2", "r3", 0)])
    conflicts = write(tmp_path / "c.csv", ["paper_id", "reviewer_id"], [("p2", "r1")])
    out = tmp_path / "a.csv"
    code = main(["solve", "--scores", scores, "--conflicts", conflicts, "--per-paper", "1",
                 "--max-load", "1", "--out", str(out)])
    assert code == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    summary = json.loads(lines[0])
    assert summary["status"] == "optimal" and summary["assignments"] == 2
    assert abs(summary["objective"] - 0.9) < 1e-9
    with open(out, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["paper_id"], r["reviewer_id"]) for r in rows} == {("p1", "r1"), ("p2", "r3")}


def test_infeasible_exits_non_zero_with_diagnostics(tmp_path):
    """A header-only conflicts file is fine; too few reviewers is explained on stderr."""
    scores = write(tmp_path / "s.csv", ["paper_id", "reviewer_id", "score"],
                   [("p1", "r1", 0.5)])
    conflicts = write(tmp_path / "c.csv", ["paper_id", "reviewer_id"], [])
    done = subprocess.run(
        [sys.executable, "-m", "assignment", "solve", "--scores", scores, "--conflicts",
         conflicts, "--per-paper", "2", "--max-load", "3", "--out", str(tmp_path / "a.csv")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    summary = json.loads(done.stdout)
    assert summary["status"] == "infeasible"
    assert summary["diagnostics"][0]["code"] == "too_few_experts"
    assert "needs 2" in done.stderr


def test_unreadable_input_is_named_without_a_traceback(tmp_path, capsys):
    """A missing file, a missing column or a text score: exit 2 and one clear line."""
    good = write(tmp_path / "s.csv", ["paper_id", "reviewer_id", "score"], [("p1", "r1", 1)])
    no_score = write(tmp_path / "n.csv", ["paper_id", "reviewer_id"], [("p1", "r1")])
    text = write(tmp_path / "t.csv", ["paper_id", "reviewer_id", "score"], [("p1", "r1", "high")])
    bad_conflicts = write(tmp_path / "c.csv", ["paper", "reviewer"], [("p1", "r1")])
    for scores, conflicts in ((str(tmp_path / "missing.csv"), None), (no_score, None),
                              (text, None), (good, bad_conflicts)):
        argv = ["solve", "--scores", scores, "--per-paper", "1", "--max-load", "1",
                "--out", str(tmp_path / "a.csv")]
        code = main(argv + (["--conflicts", conflicts] if conflicts else []))
        err = capsys.readouterr().err
        assert code == 2 and "cannot read the input" in err and "Traceback" not in err


def test_impossible_numbers_are_refused_by_option():
    """K below 1, min load above max load and Q outside (0, 1] name their option."""
    base = ["solve", "--scores", "s.csv", "--out", "a.csv"]
    for extra in (["--per-paper", "0", "--max-load", "2"],
                  ["--per-paper", "1", "--max-load", "2", "--min-load", "3"],
                  ["--per-paper", "1", "--max-load", "2", "--max-prob", "1.5"]):
        try:
            main(base + extra)
        except SystemExit as stop:
            assert stop.code == 2
        else:
            raise AssertionError(f"accepted {extra}")


def test_library_imports_no_web_stack():
    """The solvers never pull in Flask, SQLAlchemy or the app."""
    code = ("import sys, assignment.cli, assignment.solvers, assignment.diagnostics;"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('flask', 'sqlalchemy', 'wtforms', 'reviewapp', 'scoring')];"
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
