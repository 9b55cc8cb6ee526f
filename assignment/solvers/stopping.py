"""Stopping a solve from outside: a plain `should_stop()` polled while the solver works.

The library knows nothing of jobs or web requests: a caller that can be cancelled passes
a cheap callable. The flow solvers (`sum`, `randomized`) call `checkpoint(should_stop)`
between their phases (the network build, the one min-cost flow, every few rounding
cycles): each phase is a single short OR-Tools call or a loop. The fair mode spends its
time in HiGHS calls that run to their own time limits and cannot be interrupted from
Python, so `run_stoppable` runs it in a child process and ends that process when asked.
A True answer raises `SolveStopped` (the `assignment.stopping.Stopped` of every library
part); the solve returns nothing.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from assignment.stopping import ShouldStop, Stopped, checkpoint, never

__all__ = ["POLL_SECONDS", "ShouldStop", "SolveStopped", "checkpoint", "never", "run_stoppable"]
T = TypeVar("T")
# Seconds between two polls of `should_stop` while a child process solves.
POLL_SECONDS = 0.2


# The caller asked the solve to stop: the one exception `checkpoint` raises.
SolveStopped = Stopped


def _solve_in_child(send: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Run `function(*args)` and send back (True, result) or (False, the exception)."""
    try:
        answer: tuple[bool, Any] = (True, function(*args))
    except Exception as error:  # sent to the parent, which raises it
        answer = (False, error)
    try:
        send.send(answer)
    except Exception as error:  # an answer that does not pickle
        send.send((False, RuntimeError(f"the solver's answer could not be sent: {error!r}")))
    finally:
        send.close()


def run_stoppable(function: Callable[..., T], args: tuple[Any, ...],
                  should_stop: ShouldStop) -> T:
    """`function(*args)` in a child process, ended as soon as `should_stop()` answers True.

    `function` and its arguments must pickle (module-level functions, plain data). The
    child is started fresh ("spawn": no copy of the caller's threads or connections).
    """
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_solve_in_child, args=(send, function, args), daemon=True,
                            name="assignment-solve")
    child.start()
    send.close()
    try:
        while not receive.poll(POLL_SECONDS):
            checkpoint(should_stop)
            if not child.is_alive() and not receive.poll():
                raise RuntimeError(f"the solver process ended without an answer "
                                   f"(exit code {child.exitcode})")
        ok, value = receive.recv()
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        receive.close()
    if not ok:
        raise value
    result: T = value
    return result
