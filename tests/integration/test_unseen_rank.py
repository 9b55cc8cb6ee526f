"""Paper reviews and the ranked funding lists of the unseen call, through the command line."""

from __future__ import annotations

import json
from decimal import Decimal

from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Review
from tests.helpers.integration import Workspace, invoke, read_csv
from tests.helpers.unseen_book import write_book, write_reviews
from tests.helpers.unseen_cases import CASES, DEADLINE, T1_NAME, T2_NAME, Raw

KEYS = ["app_id", "rank", "score", "score_low", "score_high", "requested_wan",
        "cumulative_wan", "funded"]
LABELS = ["项目编号", "排名", "综合得分", "下限", "上限", "申请经费(万元)", "累计经费(万元)",
          "是否资助"]
BUDGET_WAN = {"T1": Decimal(200), "T2": Decimal(100)}
TRACK_IDS = {T1_NAME: "T1", T2_NAME: "T2"}


def _review_count(app: Flask) -> int:
    """How many reviews the database holds."""
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Review))
        db.session.remove()
        return int(count or 0)


def _requested(case_row: dict[str, object]) -> Decimal:
    """The requested 万元 of a case as a number."""
    value = case_row["requested_wan"]
    text = str(value.value if isinstance(value, Raw) else value)
    return Decimal(text.removesuffix("万元"))


def test_reviews_then_ranking_fit_each_budget(workspace: Workspace, local_app: Flask) -> None:
    """Import → eligibility → assign → paper reviews → rank: one sheet per track, in budget."""
    book = write_book(workspace.folder / "rank-call.xlsx")
    done = invoke(local_app, "import-call", str(book), "--name", "排名",
                  "--deadline", DEADLINE.isoformat())
    call_id = done.stdout.strip().splitlines()[-1]
    assigned = workspace.folder / "rank-assign.csv"
    for args in (("eligibility", call_id, "--out", str(workspace.folder / "rank-elig.csv")),
                 ("assign", call_id, "--per-app", "3", "--out", str(assigned))):
        assert invoke(local_app, *args).exit_code == 0
    _header, rows = read_csv(assigned)
    pairs = [(row["app_id"], row["expert_id"]) for row in rows]

    # A review of a pair never assigned (A02 is ineligible) spoils the whole book.
    before = _review_count(local_app)
    bad = write_reviews(workspace.folder / "reviews-bad.xlsx", [*pairs, ("A02", "X01")])
    refused = invoke(local_app, "import-reviews", call_id, str(bad))
    assert refused.exit_code != 0
    assert "Traceback" not in refused.output
    assert any("评审意见" in line and "A02" in line and "X01" in line
               for line in refused.output.splitlines()), refused.output
    assert _review_count(local_app) == before

    good = write_reviews(workspace.folder / "reviews.xlsx", pairs)
    stored = invoke(local_app, "import-reviews", call_id, str(good))
    assert stored.exit_code == 0, stored.output
    assert json.loads(stored.stdout.strip().splitlines()[-1])["reviews"] == len(pairs)

    out = workspace.folder / "ranking.xlsx"
    ranked = invoke(local_app, "rank", call_id, "--budget", "T1=200", "--budget", "T2=100",
                    "--out", str(out))
    assert ranked.exit_code == 0, ranked.output
    summary = json.loads(ranked.stdout.strip().splitlines()[-1])
    sheets = load_workbook(out)
    assert sorted(sheets.sheetnames) == ["T1", "T2"]
    requested = {c.row["app_id"]: _requested(c.row) for c in CASES}
    for track in ("T1", "T2"):
        header, *body = [list(r) for r in sheets[track].iter_rows(values_only=True)]
        assert header in (KEYS, LABELS)
        table = [dict(zip(KEYS, r, strict=True)) for r in body]
        eligible = {c.row["app_id"] for c in CASES
                    if c.eligible and TRACK_IDS.get(c.row["track"], c.row["track"]) == track}
        assert {r["app_id"] for r in table} == eligible
        assert [r["rank"] for r in table] == list(range(1, len(table) + 1))
        assert all(r["score_low"] <= r["score"] <= r["score_high"] for r in table)
        assert [r["score"] for r in table] == sorted((r["score"] for r in table), reverse=True)
        assert {r["funded"] for r in table} <= {"是", "否"}
        funded = [r for r in table if r["funded"] == "是"]
        assert all(Decimal(str(r["requested_wan"])) == requested[r["app_id"]] for r in table)
        spent = sum((requested[r["app_id"]] for r in funded), Decimal(0))
        assert 0 < spent <= BUDGET_WAN[track]
        assert summary["tracks"][track]["spent_yuan"] == int(spent * 10_000)
        running = Decimal(0)
        for r in funded:
            running += requested[r["app_id"]]
            assert Decimal(str(r["cumulative_wan"])) == running
    sheets.close()
