"""`reviewapp rank`: one sheet per track, the documented columns, a line that fits."""

from __future__ import annotations

import json

import numpy as np
from openpyxl import load_workbook
from scipy.stats import kendalltau

from reviewapp.services.ranking_workbook import RANK_COLUMNS
from tests.helpers.paper_reviews import (
    assigned_pairs,
    paper_review,
    store_assigned_call,
    true_quality,
)
from tests.helpers.reviewed_call import _reviewed_call


def _sheet_rows(path, name):
    """Header and data rows of one sheet."""
    rows = list(load_workbook(path)[name].iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_rank_writes_a_sheet_per_track_with_a_fitting_line(app, runner, tmp_path):
    """Budgets in 万元 draw lines that fit; unfunded rows no longer fit; T2 has no line."""
    call_id = _reviewed_call(app, runner, tmp_path)
    out = tmp_path / "rank.xlsx"
    done = runner.invoke(args=["rank", str(call_id), "--budget", "T1=150", "--out", str(out),
                               "--seed", "3"])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.output.strip().splitlines()[-1])
    assert summary["reviews"] == 48 and summary["components"] == 1
    assert load_workbook(out).sheetnames == ["T1", "T2"]
    header, rows = _sheet_rows(out, "T1")
    assert header == RANK_COLUMNS
    assert [r[1] for r in rows] == list(range(1, 9))
    assert all(a[2] >= b[2] for a, b in zip(rows, rows[1:], strict=False))
    assert all(r[3] <= r[4] for r in rows)
    funded = [r for r in rows if r[7] == "是"]
    spent = sum(r[5] for r in funded)
    assert funded and spent <= 150 and rows[-1][6] == round(spent, 2)
    assert all(r[5] > 150 - spent for r in rows if r[7] == "否")
    assert summary["tracks"]["T1"]["spent_yuan"] == round(spent * 10_000)
    _, t2 = _sheet_rows(out, "T2")
    assert {r[7] for r in t2} == {"否"} and len(t2) == 8


def test_calibration_undoes_lenient_and_harsh_experts(app, runner, tmp_path):
    """Calibrated ranks follow true quality more closely than the plain mean of reviews."""
    call_id = _reviewed_call(app, runner, tmp_path)
    out = tmp_path / "rank.xlsx"
    assert runner.invoke(args=["rank", str(call_id), "--out", str(out)]).exit_code == 0
    pairs = assigned_pairs(app, call_id)
    for track in ("T1", "T2"):
        _, rows = _sheet_rows(out, track)
        ids = [r[0] for r in rows]
        raw = {a: np.mean([sum(paper_review(a, e).scores.values()) for x, e in pairs if x == a])
               for a in ids}
        truth = [true_quality(a) for a in ids]
        calibrated_tau = kendalltau([-r[1] for r in rows], truth)[0]
        raw_tau = kendalltau([raw[a] for a in ids], truth)[0]
        assert calibrated_tau > raw_tau and calibrated_tau > 0.9


def test_rank_refuses_unknown_tracks_bad_budgets_and_empty_calls(app, runner, tmp_path):
    """An unknown track, a malformed budget, or a call without reviews is an error."""
    call_id = _reviewed_call(app, runner, tmp_path)
    out = str(tmp_path / "r.xlsx")
    unknown = runner.invoke(args=["rank", str(call_id), "--budget", "T9=10", "--out", out])
    assert unknown.exit_code != 0 and "T9" in unknown.output
    malformed = runner.invoke(args=["rank", str(call_id), "--budget", "T1=lots", "--out", out])
    assert malformed.exit_code != 0 and "TRACK=WAN" in malformed.output
    empty = store_assigned_call(app)
    none = runner.invoke(args=["rank", str(empty), "--out", out])
    assert none.exit_code != 0 and "no submitted reviews" in none.output


def test_budgets_may_follow_one_budget_flag(app, runner, tmp_path):
    """`--budget T1=150 T2=80` is read as `--budget T1=150 --budget T2=80`."""
    call_id = _reviewed_call(app, runner, tmp_path)
    spent = {}
    for name, args in (("one", ["--budget", "T1=150", "T2=80"]),
                       ("each", ["--budget", "T1=150", "--budget", "T2=80"])):
        out = tmp_path / f"{name}.xlsx"
        done = runner.invoke(args=["rank", str(call_id), *args, "--out", str(out), "--seed", "3"])
        assert done.exit_code == 0, done.output
        tracks = json.loads(done.output.strip().splitlines()[-1])["tracks"]
        spent[name] = {t: (s["budget_yuan"], s["spent_yuan"]) for t, s in tracks.items()}
    assert spent["one"] == spent["each"]
    assert spent["one"]["T2"][0] == 800_000 and 0 < spent["one"]["T2"][1] <= 800_000
