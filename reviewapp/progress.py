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

    def note(self, index: int, count: int, message: str) -> None:
        """Say that step `index` starts, without a cancel check: the work has committed
        and must run to its end (sending the mail it stored, say)."""

    def should_stop(self) -> bool:
        """Whether staff asked to stop: cheap enough for a solver to poll between phases."""


class Steps:
    """A reporter for part of a longer job: the part's step i of n is `offset + i` of `total`."""

    def __init__(self, outer: Progress, offset: int, total: int) -> None:
        self.outer, self.offset, self.total = outer, offset, total

    def step(self, index: int, count: int, message: str) -> None:
        """Report the part's step as the whole job's."""
        self.outer.step(self.offset + index, self.total, message)

    def check_cancelled(self) -> None:
        """Ask the outer reporter."""
        self.outer.check_cancelled()

    def should_stop(self) -> bool:
        """Ask the outer reporter."""
        return self.outer.should_stop()

    def note(self, index: int, count: int, message: str) -> None:
        """Report the part's step as the whole job's, without a cancel check."""
        self.outer.note(self.offset + index, self.total, message)


class Quiet:
    """A reporter for a part that shows no steps of its own but stops with the job: its
    steps only check for a cancel (a job's conflict detection inside an assignment run)."""

    def __init__(self, outer: Progress) -> None:
        self.outer = outer

    def step(self, index: int, count: int, message: str) -> None:
        """Check for a cancel; the step is not shown."""
        self.outer.check_cancelled()

    def check_cancelled(self) -> None:
        """Ask the outer reporter."""
        self.outer.check_cancelled()

    def should_stop(self) -> bool:
        """Ask the outer reporter."""
        return self.outer.should_stop()

    def note(self, index: int, count: int, message: str) -> None:
        """Not shown."""


class JobCancelled(Exception):
    """Staff cancelled the job: stop now, roll back, store nothing."""


class NoProgress:
    """The reporter of synchronous callers: it records nothing and never cancels."""

    def step(self, index: int, count: int, message: str) -> None:
        """Ignore the step."""

    def check_cancelled(self) -> None:
        """Never cancelled."""

    def note(self, index: int, count: int, message: str) -> None:
        """Ignore the step."""

    def should_stop(self) -> bool:
        """Never asked to stop."""
        return False


NO_PROGRESS = NoProgress()


def N_(msgid: str) -> str:
    """Mark `msgid` for the catalogue and return it untranslated: pages translate it later."""
    return msgid
