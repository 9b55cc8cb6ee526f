"""`reviewapp import-reviews CALL BOOK.xlsx` and `reviewapp rank CALL [options] --out FILE`."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from reviewapp.money import wan_to_yuan
from reviewapp.services.ranking import CallRanking, RankingError, TrackList, rank_call
from reviewapp.services.ranking_runs import ensure_current_run, stored_ranking
from reviewapp.services.ranking_workbook import ranking_workbook
from reviewapp.services.reviews_export import ReviewsExportError, reviews_workbook
from reviewapp.services.reviews_import import ReviewsImportError, import_reviews
from reviewapp.workbook.issues import format_issues
from scoring.quotas import KNAPSACK_WARNING


@click.command("import-reviews")
@click.argument("call_id", metavar="CALL", type=int)
@click.argument("book", metavar="BOOK.xlsx", type=click.Path(exists=True, dir_okay=False,
                                                             path_type=Path))
@with_appcontext
def import_reviews_command(call_id: int, book: Path) -> None:
    """Store paper reviews of assigned pairs as submitted; nothing at all on any error."""
    try:
        result = import_reviews(call_id, book)
    except ReviewsImportError as error:
        raise click.ClickException(f"no call {error}") from error
    if result.issues:
        click.echo(format_issues(result.issues), err=True)
    if not result.ok:
        raise click.ClickException("nothing imported / 未导入任何评审意见")
    click.echo(json.dumps({"call": call_id, "reviews": result.stored}))


@click.command("export-reviews")
@click.argument("call_id", metavar="CALL", type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Excel file: sheet reviews, one row per review, as import-reviews reads.")
@with_appcontext
def export_reviews_command(call_id: int, out: Path) -> None:
    """Write every review of the call (drafts marked draft) in the import-reviews layout."""
    try:
        data = reviews_workbook(call_id)
    except ReviewsExportError as error:
        raise click.ClickException(f"no call {error}") from error
    out.write_bytes(data)
    click.echo(json.dumps({"call": call_id, "out": str(out)}))


def parse_budget(text: str) -> tuple[str, int]:
    """`T1=500` (万元) as ("T1", 5000000) yuan."""
    track, sep, amount = text.partition("=")
    try:
        wan = Decimal(amount.strip().removesuffix("万元").removesuffix("万"))
    except InvalidOperation:
        wan = Decimal(-1)
    if not sep or not track.strip() or wan < 0:
        raise click.BadParameter(f"{text!r}: write TRACK=WAN, e.g. T1=500")
    return track.strip(), wan_to_yuan(wan) or 0


QUOTA_SYNTAX = "TRACK:GROUP:VALUE:BOUNDS, e.g. T1:direction:数字经济:min=2,max=5"
# Bound names of the --quota syntax and the stored quota keys they set.
QUOTA_BOUNDS = {"min": "min_count", "max": "max_count", "max_wan": "max_wan"}


def parse_quota(text: str) -> dict[str, Any]:
    """`T1:direction:数字经济:min=2,max=5` as a stored quota dict; TRACK `*` is every track."""
    parts = text.split(":", 2)
    value, _, bounds = parts[-1].rpartition(":")
    if len(parts) != 3 or not parts[0].strip() or not value.strip() or not bounds.strip():
        raise click.BadParameter(f"{text!r}: write {QUOTA_SYNTAX}")
    track, group = parts[0].strip(), parts[1].strip()
    if group not in ("direction", "partner_province"):
        raise click.BadParameter(f"{text!r}: GROUP is direction or partner_province")
    quota: dict[str, Any] = {"track": None if track == "*" else track, "group": group,
                             "value": value.strip(), "min_count": None, "max_count": None,
                             "max_wan": None}
    for bound in bounds.split(","):
        name, sep, number = (piece.strip() for piece in bound.partition("="))
        if not sep or name not in QUOTA_BOUNDS:
            raise click.BadParameter(f"{text!r}: bounds are min=N, max=N, max_wan=W")
        try:
            amount = Decimal(number)
        except InvalidOperation:
            amount = Decimal(-1)
        whole = name != "max_wan"
        if amount < 0 or (whole and amount != amount.to_integral_value()):
            raise click.BadParameter(f"{text!r}: {name} must be a number ≥ 0"
                                     + (", whole" if whole else ""))
        quota[QUOTA_BOUNDS[name]] = int(amount) if whole else str(amount)
    return quota


def _quotas(ctx: click.Context, param: click.Parameter, texts: tuple[str, ...]) -> list[dict]:
    """Click callback: every --quota parsed, so a bad one is reported under its option."""
    return [parse_quota(text) for text in texts]


@click.command("rank")
@click.argument("call_id", metavar="CALL", type=int)
# DESIGN.md writes `[--budget T1=WAN ...]`: both `--budget T1=500 --budget T2=300` and
# `--budget T1=500 T2=300` mean the same.
@click.argument("more_budgets", nargs=-1, metavar="[TRACK=WAN]...")
@click.option("--budget", "budgets", multiple=True,
              help="Track budget in 万元 as TRACK=WAN (repeatable); default: the stored budget.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Excel file: one sheet per track (then details and summary).")
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Seed of both the sampler and the lottery (tie lottery and lottery zone).")
@click.option("--sampler-seed", type=click.IntRange(min=0), default=None,
              help="Seed of the sampler alone [default: the current run's].")
@click.option("--lottery-seed", type=click.IntRange(min=0), default=None,
              help="Seed of the tie lottery and the lottery zone [default: the current run's].")
@click.option("--lottery/--no-lottery", default=None,
              help="Draw the applications whose 50% rank interval holds the line by the seed "
                   "[default: the call's setting].")
@click.option("--max-cut", "max_cut", type=click.IntRange(0, 99), default=None, metavar="PERCENT",
              help="Fund the line application partially, cut by at most PERCENT of its request "
                   "[default: the call's setting].")
@click.option("--quota", "quotas", multiple=True, callback=_quotas,
              help=f"Quota as {QUOTA_SYNTAX} (repeatable; replaces the stored quotas). "
                   "TRACK is a track id or * for each track; GROUP is direction or "
                   "partner_province; BOUNDS are min=N, max=N, max_wan=W joined by commas.")
@click.option("--no-quotas", is_flag=True, help="Ignore the call's stored quotas.")
@click.option("--details", is_flag=True,
              help="Add the details and summary sheets even in plain rank order "
                   "(always added when cuts, the lottery or quotas are on).")
@click.option("--compare-knapsack", is_flag=True,
              help="Add a knapsack_comparison sheet (maximum total score): comparison only.")
@with_appcontext
def rank_command(call_id: int, more_budgets: tuple[str, ...], budgets: tuple[str, ...],
                 out: Path, seed: int | None, sampler_seed: int | None,
                 lottery_seed: int | None,
                 lottery: bool | None, max_cut: int | None, quotas: list[dict],
                 no_quotas: bool, details: bool, compare_knapsack: bool) -> None:
    """Rank each track by calibrated score and draw its funding line under the budget.

    With the call's saved budgets and rules and no seed given, this is the call's
    current ranking run (made and stored first when there is none, or the reviews or
    settings changed since), the same list the committee's ranking.xlsx gives.
    """
    if quotas and no_quotas:
        raise click.UsageError("--quota and --no-quotas exclude each other")
    budget_yuan = dict(parse_budget(text) for text in (*budgets, *more_budgets))
    saved = not (budget_yuan or quotas or no_quotas or compare_knapsack
                 or lottery is not None or max_cut is not None
                 or {seed, sampler_seed, lottery_seed} != {None})
    try:
        ranking: CallRanking
        if saved:
            ranking = stored_ranking(ensure_current_run(call_id, None))
        else:
            # A what-if keeps the seeds of the call's current run unless given.
            seeds = _current_seeds(call_id) if seed is None else None
            if seeds is not None:
                sampler_seed = seeds[0] if sampler_seed is None else sampler_seed
                lottery_seed = seeds[1] if lottery_seed is None else lottery_seed
            ranking = rank_call(call_id, budget_yuan, seed=seed, lottery=lottery,
                                max_cut_percent=max_cut,
                                quotas=[] if no_quotas else quotas or None,
                                compare_knapsack=compare_knapsack, sampler_seed=sampler_seed,
                                lottery_seed=lottery_seed)
    except (RankingError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    out.write_bytes(ranking_workbook(ranking, details=details))
    rules = ranking.rules
    summary = {
        "call": call_id,
        "reviews": ranking.n_reviews,
        "components": ranking.components,
        "outliers": len(ranking.outliers),
        "seed": ranking.sampler_seed,
        "sampler_seed": ranking.sampler_seed,
        "lottery_seed": ranking.lottery_seed,
        "max_cut_percent": rules.max_cut_percent,
        "lottery": rules.lottery,
        "tracks": {t.track_id: _track_summary(t) for t in ranking.tracks},
    }
    if ranking.components > 1:
        click.echo(f"warning: the reviews form {ranking.components} unconnected groups; "
                   "calibrated scores compare fully only within a group", err=True)
    if compare_knapsack:
        click.echo(f"warning: {KNAPSACK_WARNING}", err=True)
    click.echo(json.dumps(summary, ensure_ascii=False))


def _current_seeds(call_id: int) -> tuple[int, int] | None:
    """Sampler and lottery seed of the call's current run (made when missing); None if none."""
    try:
        run = ensure_current_run(call_id, None)
    except RankingError:
        return None
    return run.sampler_seed, run.lottery_seed


def _track_summary(track: TrackList) -> dict[str, Any]:
    """One track's line of the JSON summary."""
    line, rows = track.ranking.line, track.ranking.rows
    summary: dict[str, Any] = {
        "applications": len(rows),
        "funded": sum(r.funded for r in rows),
        "budget_yuan": track.budget_yuan,
        "spent_yuan": line.spent_yuan if line else 0,
        "method": line.method if line else None,
        "lottery_zone": sum(r.in_lottery_zone for r in rows),
        "quotas": [q.describe() for q in track.quotas],
    }
    if track.knapsack_funded is not None:
        summary["knapsack_funded"] = len(track.knapsack_funded)
    return summary


COMMANDS = [import_reviews_command, export_reviews_command, rank_command]
