"""`reviewapp rank` under a call's funding rules: cut cap, lottery zone, quotas, knapsack."""

from __future__ import annotations

import json
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from reviewapp.call_settings_model import RUBRIC_2025
from reviewapp.extensions import db
from reviewapp.models import Application, Call, Unit
from reviewapp.workbook.records import ReviewRecord
from scoring.quotas import KNAPSACK_WARNING
from tests.helpers.paper_reviews import (
    assigned_pairs,
    paper_review,
    store_assigned_call,
    write_book,
)


def _reviewed_call(app, runner, tmp_path, noisy: bool = False) -> int:
    """The 16-application call with imported reviews; noisy ones blur the ranks."""
    call_id = store_assigned_call(app)
    pairs = assigned_pairs(app, call_id)
    reviews = [_noisy_review(a, e) if noisy else paper_review(a, e) for a, e in pairs]
    book = write_book(tmp_path, reviews)
    assert runner.invoke(args=["import-reviews", str(call_id), str(book)]).exit_code == 0
    return call_id


def _noisy_review(app_id: str, expert_id: str) -> ReviewRecord:
    """A review off by up to ±18 points (fixed per pair), with A06 as good as A04."""
    base = paper_review("A04" if app_id == "A06" else app_id, expert_id)
    noise = ((37 * int(app_id[1:]) + 11 * int(expert_id[1:])) % 13 - 6) * 3
    total = sum(base.scores.values())
    share = min(max((total + noise) / 100, 0), 1)
    scores = {ind.key: round(ind.points * share * 2) / 2 for ind in RUBRIC_2025}
    return ReviewRecord(app_id, expert_id, scores, base.recommendation, base.comment)


def _store_funding(app, call_id: int, **funding) -> None:
    """Write funding rules into the stored call's settings."""
    with app.app_context():
        call = db.session.get(Call, call_id)
        call.settings = {**call.settings, "funding": {**call.settings["funding"], **funding}}
        db.session.commit()


def _rank(runner, call_id: int, out, *args: str):
    """Run `reviewapp rank` on T1's budget and return its JSON summary and the workbook."""
    done = runner.invoke(args=["rank", str(call_id), "--out", str(out), *args])
    assert done.exit_code == 0, done.output
    return json.loads(done.output.strip().splitlines()[-1]), load_workbook(out)


def _rows(book, name: str, skip: int = 1) -> list[tuple]:
    """Data rows of a sheet below its first `skip` rows."""
    return list(book[name].iter_rows(values_only=True))[skip:]


def _details(book) -> dict[str, tuple]:
    """The details sheet by app id."""
    return {r[0]: r for r in _rows(book, "details")}


def test_cut_cap_funds_the_line_application_partially(app, runner, tmp_path):
    """Within a 30 % cap the line application takes what is left; a 10 % cap skips it."""
    call_id = _reviewed_call(app, runner, tmp_path)
    _, plain = _rank(runner, call_id, tmp_path / "plain.xlsx", "--budget", "T1=150")
    ranked = _rows(plain, "T1")
    line = ranked[4]  # the fifth best: fund four in full, then 80 % of its request is left
    budget = Decimal(str(ranked[3][6])) + Decimal(str(line[5])) * Decimal("0.8")
    args = ("--budget", f"T1={budget}")

    summary, cut = _rank(runner, call_id, tmp_path / "cut.xlsx", *args, "--max-cut", "30")
    details = _details(cut)
    assert details[line[0]][2] == float(Decimal(str(line[5])) * Decimal("0.8"))
    assert details[line[0]][3] == float(Decimal(str(line[5])) * Decimal("0.2"))
    assert summary["tracks"]["T1"]["spent_yuan"] == int(budget * 10_000)
    assert _rows(cut, "T1")[4][7] == "是" and _rows(cut, "T1")[-1][6] == float(budget)
    assert all(d[3] == 0 for app_id, d in details.items() if app_id != line[0])

    _, strict = _rank(runner, call_id, tmp_path / "strict.xlsx", *args, "--max-cut", "10")
    assert _rows(strict, "T1")[4][7] == "否"
    assert all(d[3] == 0 for d in _details(strict).values())

    # Stored on the call, the cap applies without the flag; the flag overrides it.
    _store_funding(app, call_id, max_cut_percent=30)
    _, stored = _rank(runner, call_id, tmp_path / "stored.xlsx", *args)
    assert _details(stored)[line[0]][3] > 0
    _, off = _rank(runner, call_id, tmp_path / "off.xlsx", *args, "--max-cut", "0", "--details")
    assert _details(off)[line[0]][2] == 0


def test_lottery_zone_is_drawn_by_the_recorded_seed(app, runner, tmp_path):
    """The stored lottery seed is recorded, the draw repeats; --seed, --no-lottery override."""
    call_id = _reviewed_call(app, runner, tmp_path, noisy=True)
    # At 125 万元 the line falls between A03 and A01, whose rank intervals overlap it.
    _store_funding(app, call_id, lottery=True, lottery_seed=11)
    first, book = _rank(runner, call_id, tmp_path / "a.xlsx", "--budget", "T1=125")
    again, repeat = _rank(runner, call_id, tmp_path / "b.xlsx", "--budget", "T1=125")
    assert first["lottery_seed"] == 11 and first["lottery"] is True
    assert first["tracks"]["T1"]["method"] == "lottery"
    assert first["tracks"]["T1"]["lottery_zone"] > 0
    assert {r[0]: r[7] for r in _rows(book, "summary")}["T1"] == 11
    assert _rows(book, "T1") == _rows(repeat, "T1") and first == again
    zone = [d for d in _details(book).values() if d[4] == "是"]
    assert len(zone) == first["tracks"]["T1"]["lottery_zone"]
    assert sum(d[2] for d in _details(book).values() if d[1] == "T1") <= 125

    other, _ = _rank(runner, call_id, tmp_path / "c.xlsx", "--budget", "T1=125", "--seed", "4")
    assert other["sampler_seed"] == other["lottery_seed"] == 4
    off, book_off = _rank(runner, call_id, tmp_path / "d.xlsx", "--budget", "T1=125",
                          "--no-lottery", "--details")
    assert off["tracks"]["T1"]["method"] == "greedy" and off["lottery_seed"] == 11
    assert all(d[4] == "否" for d in _details(book_off).values())


def _set_directions_and_partners(app, call_id: int) -> None:
    """A07 and A00 (ranked 7th and 8th) work on 智慧农业; A00 has partners in 北京 and 上海."""
    with app.app_context():
        db.session.add_all([
            Unit(call_id=call_id, unit_id="BJ", name="北京伙伴", unit_type="高校", province="北京"),
            Unit(call_id=call_id, unit_id="SH", name="上海伙伴", unit_type="企业", province="上海"),
        ])
        rows = db.session.scalars(select(Application).where(
            Application.call_id == call_id, Application.app_id.in_(["A00", "A07"])))
        for application in rows:
            application.direction = "智慧农业"
            if application.app_id == "A00":
                application.partner_unit_ids = ["BJ", "SH"]
        db.session.commit()


def _funded(book, track: str = "T1") -> set[str]:
    """App ids funded on a track sheet."""
    return {r[0] for r in _rows(book, track) if r[7] == "是"}


def test_quota_minimum_is_met_within_the_budget(app, runner, tmp_path):
    """A direction minimum and partner-province minima pull low-ranked projects above the line."""
    call_id = _reviewed_call(app, runner, tmp_path)
    _set_directions_and_partners(app, call_id)
    _, plain = _rank(runner, call_id, tmp_path / "plain.xlsx", "--budget", "T1=150")
    assert not {"A00", "A07"} & _funded(plain)

    summary, book = _rank(runner, call_id, tmp_path / "q.xlsx", "--budget", "T1=150",
                          "--quota", "T1:direction:智慧农业:min=2")
    assert {"A00", "A07"} <= _funded(book)
    assert summary["tracks"]["T1"]["method"] == "quotas"
    assert summary["tracks"]["T1"]["spent_yuan"] <= 1_500_000

    # Stored quotas: A00 alone counts for both of its partner provinces.
    _store_funding(app, call_id, quotas=[
        {"track": "T1", "group": "partner_province", "value": "上海", "min_count": 1},
        {"track": None, "group": "partner_province", "value": "北京", "min_count": 1},
    ])
    stored, provinces = _rank(runner, call_id, tmp_path / "p.xlsx", "--budget", "T1=150")
    assert "A00" in _funded(provinces) and "A07" not in _funded(provinces)
    assert len(stored["tracks"]["T1"]["quotas"]) == 2
    none, book_none = _rank(runner, call_id, tmp_path / "n.xlsx", "--budget", "T1=150",
                            "--no-quotas")
    assert none["tracks"]["T1"]["method"] == "greedy" and "A00" not in _funded(book_none)


def test_quotas_refuse_lottery_cuts_and_impossible_minimums(app, runner, tmp_path):
    """Quotas with the lottery or cuts, or a minimum no list can meet, stop with a reason."""
    call_id = _reviewed_call(app, runner, tmp_path)
    _set_directions_and_partners(app, call_id)
    out = str(tmp_path / "r.xlsx")
    quota = ("--budget", "T1=150", "--quota", "T1:direction:智慧农业:min=1")
    for extra in (("--lottery",), ("--max-cut", "20")):
        done = runner.invoke(args=["rank", str(call_id), "--out", out, *quota, *extra])
        assert done.exit_code != 0 and "cannot be combined" in done.output
    impossible = runner.invoke(args=["rank", str(call_id), "--out", out, "--budget", "T1=150",
                                     "--quota", "T1:direction:智慧农业:min=3"])
    assert impossible.exit_code != 0 and "track T1: no funding list" in impossible.output


def test_bad_flags_exit_non_zero_with_a_clear_message(app, runner, tmp_path):
    """Malformed or unknown rules on the command line are refused before any ranking."""
    call_id = store_assigned_call(app)
    out = str(tmp_path / "r.xlsx")
    cases = [
        (["--quota", "T1:direction"], "TRACK:GROUP:VALUE:BOUNDS"),
        (["--quota", "T1:region:新疆:min=1"], "direction or partner_province"),
        (["--quota", "T9:direction:数字经济:min=1"], "no track T9"),
        (["--quota", "T1:direction:火星:min=1"], "no direction 火星"),
        (["--quota", "T1:direction:数字经济:min=1", "--no-quotas"], "exclude each other"),
        (["--max-cut", "120"], "0<=x<=99"),
    ]
    for args, says in cases:
        done = runner.invoke(args=["rank", str(call_id), "--out", out, *args])
        assert done.exit_code != 0 and says in done.output, (args, done.output)


def test_knapsack_comparison_is_an_extra_sheet_with_its_warning(app, runner, tmp_path):
    """Asked for, the knapsack set comes last, warning on top; plain runs keep track sheets only."""
    call_id = _reviewed_call(app, runner, tmp_path)
    _, plain = _rank(runner, call_id, tmp_path / "plain.xlsx", "--budget", "T1=150")
    summary, book = _rank(runner, call_id, tmp_path / "k.xlsx", "--budget", "T1=150",
                          "--compare-knapsack")
    assert book.sheetnames == ["T1", "T2", "knapsack_comparison"]
    sheet = list(book["knapsack_comparison"].iter_rows(values_only=True))
    assert sheet[0][0] == KNAPSACK_WARNING
    assert sheet[1][:3] == ("track", "app_id", "rank")
    assert {r[0] for r in sheet[2:]} == {"T1"} and len(sheet[2:]) == 8
    assert sum(r[4] for r in sheet[2:] if r[5] == "是") <= 150
    assert summary["tracks"]["T1"]["knapsack_funded"] == sum(r[5] == "是" for r in sheet[2:])
    assert _rows(book, "T1") == _rows(plain, "T1")
    assert plain.sheetnames == ["T1", "T2"]
    _, detailed = _rank(runner, call_id, tmp_path / "d.xlsx", "--budget", "T1=150",
                        "--compare-knapsack", "--details")
    assert detailed.sheetnames == ["T1", "T2", "details", "summary", "knapsack_comparison"]
