"""`reviewapp worker`: run background jobs from the queue, on this machine or another."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from reviewapp.jobs.queue import run_worker, start_embedded_consumer


def queue_description(app: Flask) -> str:
    """Which queue the app uses, for the terminal (no password shown)."""
    if app.config["REDIS_URL"]:
        url = str(app.config["REDIS_URL"])
        return f"Redis queue {app.config['JOBS_QUEUE_NAME']!r} at {url.rsplit('@', 1)[-1]}"
    return f"SQLite queue {app.config['JOBS_SQLITE_PATH']}"


def start_jobs_in_process(app: Flask, debug: bool = False) -> None:
    """Run jobs in the web server's process (`serve`, `demo --serve`), once per process.

    Under the debug reloader only the serving child runs them, not the watching parent.
    """
    if debug and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return
    start_embedded_consumer(app)
    click.echo(f"Background jobs: {app.config['JOBS_WORKERS']} threads on "
               f"{queue_description(app)}.")


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1),
              help="Jobs run at once by this process (threads).")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run background jobs until stopped (Ctrl-C); with Redis, on any machine."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo(f"Worker: {workers} threads on {queue_description(app)}. Ctrl-C stops.")
    try:
        run_worker(app, workers)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error


COMMANDS = [worker_command]
