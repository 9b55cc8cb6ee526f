"""`reviewapp demo`: a demo call with realistic data and an account for each role."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from reviewapp import MIGRATIONS_DIR
from reviewapp.commands.jobs import start_jobs_in_process
from reviewapp.demo import build_demo, demo_accounts
from reviewapp.demo.generator import Account
from reviewapp.demo.operations import DEMO_CALL_NAME, reset_demo_accounts, store_demo_call
from reviewapp.demo.pipeline import PipelineReport, run_demo_pipeline


def _account_table(accounts: list[Account]) -> str:
    """The accounts as an aligned plain-text table."""
    rows = [("username", "password", "role", "name")]
    rows += [(user, password, role, name) for user, password, role, name, _ in accounts]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  " + row[3]
        for row in rows
    )


def _pipeline_lines(report: PipelineReport, reviews: bool) -> list[str]:
    """One line per pipeline stage, for the terminal."""
    rules = ", ".join(f"{rule} {n}" for rule, n in report.conflicts_by_rule.items())
    assigned = f"Assignment (K={report.per_app}, optimal): {report.run_status}"
    if report.objective is None:
        assigned += ", no pairs stored."
    else:
        assigned += (f", {report.pairs} pairs, objective {report.objective:.2f}, "
                     f"worst panel {report.worst:.2f}.")
    simulated = (f"Reviews: {report.submitted} submitted, {report.drafts} drafts, "
                 f"{report.pending} not started." if reviews
                 else "Reviews: none simulated (--no-reviews).")
    return [
        f"Eligibility: {report.eligible} eligible, {report.ineligible} ineligible, "
        f"{report.flagged} flagged.",
        f"Conflicts: {report.forbidden_pairs} forbidden pairs ({rules or 'none'}).",
        assigned,
        simulated,
    ]


@click.command("demo")
@click.option("--seed", default=2025, show_default=True, type=int, help="Random seed of the data.")
@click.option("--applications", "n_applications", default=180, show_default=True,
              type=click.IntRange(1), help="Number of applications.")
@click.option("--experts", "n_experts", default=320, show_default=True,
              type=click.IntRange(1), help="Number of experts in the pool.")
@click.option("--keep", is_flag=True,
              help="Keep an existing demo call instead of replacing it (accounts are reset).")
@click.option("--no-reviews", is_flag=True,
              help="Stop after the assignment: store no simulated reviews.")
@click.option("--serve", is_flag=True, help="Start the web server after loading.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@with_appcontext
def demo_command(seed: int, n_applications: int, n_experts: int, keep: bool, no_reviews: bool,
                 serve: bool, host: str, port: int) -> None:
    """Create the schema, load a demo call through the pipeline and reset the demo accounts."""
    upgrade(directory=MIGRATIONS_DIR)
    demo = build_demo(seed, n_applications, n_experts)
    accounts = demo_accounts(demo.book)
    stored = store_demo_call(demo.book, seed, keep=keep)
    if stored.kept:
        click.echo(f"Demo call already exists (id {stored.call_id}), kept as it is; "
                   "run without --keep to rebuild it.")
    else:
        if stored.replaced is not None:
            click.echo(f"Replaced the earlier demo call (id {stored.replaced}).")
        counts = ", ".join(f"{n} {table}" for table, n in stored.counts.items())
        click.echo(f"Demo call {stored.call_id} 「{DEMO_CALL_NAME}」: {counts}; "
                   f"seed {seed}, deadline 2025-04-30, budgets T1 1,500 万元, T2 800 万元.")
        experts = [code for *_, code in accounts if code is not None]
        report = run_demo_pipeline(stored.call_id, experts, seed, reviews=not no_reviews)
        click.echo("\n".join(_pipeline_lines(report, not no_reviews)))
    created, updated = reset_demo_accounts(accounts)
    click.echo(f"Accounts: {created} created, {updated} reset.")
    click.echo(_account_table(accounts))
    click.echo(f"ReviewApp at http://{host}:{port}/")
    if serve:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        start_jobs_in_process(app)
        run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)


COMMANDS = [demo_command]
