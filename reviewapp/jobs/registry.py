"""Job kinds: a name, the function doing the work and the lock it holds on its call."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewapp.jobs.runner import JobContext

# Modules whose import registers job kinds; add yours here (one line, like VIEW_MODULES).
KIND_MODULES: tuple[str, ...] = (
    "reviewapp.jobs.kinds",
    "reviewapp.jobs.assignment",
    "reviewapp.jobs.ranking",
    "reviewapp.jobs.invitations",
)

JobFunction = Callable[["JobContext"], "dict[str, Any] | None"]


@dataclass(frozen=True)
class JobKind:
    """A registered kind of job."""

    name: str
    function: JobFunction
    title: str  # an untranslated msgid naming the work on pages ("Conflict detection")
    lock: str  # jobs of one call sharing a lock never run at once


KINDS: dict[str, JobKind] = {}


def job_kind(name: str, *, title: str, lock: str | None = None) -> Callable[
        [JobFunction], JobFunction]:
    """Register the decorated function as the job kind `name` (lock defaults to `name`)."""
    if len(name) > 40 or len(lock or name) > 40:
        raise ValueError(f"job kind and lock names fit in 40 characters: {name!r}")

    def decorator(function: JobFunction) -> JobFunction:
        KINDS[name] = JobKind(name, function, title, lock or name)
        return function

    return decorator


def load_kinds() -> None:
    """Import every module of `KIND_MODULES`, so that their kinds are registered."""
    for module in KIND_MODULES:
        importlib.import_module(module)


def get_kind(name: str) -> JobKind:
    """The registered kind `name`, or a KeyError naming the known ones."""
    load_kinds()
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown job kind {name!r}; known: {', '.join(sorted(KINDS))}") from None
