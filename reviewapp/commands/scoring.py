"""`reviewapp import-reviews CALL BOOK.xlsx` and `reviewapp rank CALL [--budget T=WAN …] --out`."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
from flask.cli import with_appcontext

from reviewapp.services.ranking import RankingError, rank_call, ranking_workbook
from reviewapp.services.reviews_import import ReviewsImportError, import_reviews
from reviewapp.workbook.issues import format_issues


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


def parse_budget(text: str) -> tuple[str, int]:
    """`T1=500` (万元) as ("T1", 5000000) yuan."""
    track, sep, amount = text.partition("=")
    try:
        wan = Decimal(amount.strip().removesuffix("万元").removesuffix("万"))
    except InvalidOperation:
        wan = Decimal(-1)
    if not sep or not track.strip() or wan < 0:
        raise click.BadParameter(f"{text!r}: write TRACK=WAN, e.g. T1=500")
    return track.strip(), int((wan * 10_000).to_integral_value())


@click.command("rank")
@click.argument("call_id", metavar="CALL", type=int)
@click.option("--budget", "budgets", multiple=True,
              help="Track budget in 万元 as TRACK=WAN (repeatable); default: the stored budget.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Excel file: one sheet per track.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the posterior sampler, the tie lottery and the lottery zone.")
@click.option("--lottery", is_flag=True,
              help="Draw the applications whose 50% rank interval holds the line by the seed.")
@with_appcontext
def rank_command(call_id: int, budgets: tuple[str, ...], out: Path, seed: int,
                 lottery: bool) -> None:
    """Rank each track by calibrated score and draw its funding line under the budget."""
    budget_yuan = dict(parse_budget(text) for text in budgets)
    try:
        ranking = rank_call(call_id, budget_yuan, seed=seed, lottery=lottery)
    except (RankingError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    out.write_bytes(ranking_workbook(ranking))
    summary = {
        "call": call_id,
        "reviews": ranking.n_reviews,
        "components": ranking.components,
        "outliers": len(ranking.outliers),
        "seed": seed,
        "tracks": {
            t.track_id: {
                "applications": len(t.ranking.rows),
                "funded": sum(r.funded for r in t.ranking.rows),
                "budget_yuan": t.budget_yuan,
                "spent_yuan": t.ranking.line.spent_yuan if t.ranking.line else 0,
            }
            for t in ranking.tracks
        },
    }
    if ranking.components > 1:
        click.echo(f"warning: the reviews form {ranking.components} unconnected groups; "
                   "calibrated scores compare fully only within a group", err=True)
    click.echo(json.dumps(summary, ensure_ascii=False))


COMMANDS = [import_reviews_command, rank_command]
