"""What long service functions report to: a job's progress, or nothing (the command line)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """A progress reporter a long service function accepts as `progress=`."""

    def step(self, index: int, count: int, message: str) -> None:
        """Say that step `index` of `count` starts; `message` is an untranslated msgid.

        Report steps before the function writes: on SQLite a second writer waits for the
        first, so a step inside the write transaction would wait for its commit.
        """

    def check_cancelled(self) -> None:
        """Raise `JobCancelled` if staff asked to stop; the caller stores nothing."""


class JobCancelled(Exception):
    """Staff cancelled the job: stop now, roll back, store nothing."""


class NoProgress:
    """The reporter of synchronous callers: it records nothing and never cancels."""

    def step(self, index: int, count: int, message: str) -> None:
        """Ignore the step."""

    def check_cancelled(self) -> None:
        """Never cancelled."""


NO_PROGRESS = NoProgress()


def N_(msgid: str) -> str:
    """Mark `msgid` for the catalogue and return it untranslated: pages translate it later."""
    return msgid
