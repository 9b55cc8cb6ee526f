"""Stopping long library work from outside: a plain `should_stop()` the work polls.

The libraries know nothing of jobs or web requests: a caller that can be cancelled passes
a cheap callable, and the work calls `checkpoint(should_stop)` between its phases and
inside its loops over blocks. A True answer raises `Stopped`; the work returns nothing.
"""

from __future__ import annotations

from collections.abc import Callable

ShouldStop = Callable[[], bool]


class Stopped(Exception):
    """The caller asked the work to stop (`should_stop()` answered True)."""


def never() -> bool:
    """The `should_stop` of a caller that never stops the work."""
    return False


def checkpoint(should_stop: ShouldStop) -> None:
    """Raise `Stopped` when the caller asks the work to stop."""
    if should_stop():
        raise Stopped()
