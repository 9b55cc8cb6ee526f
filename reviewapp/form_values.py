"""Typed values of a validated form, and the choice type every select field takes."""

from __future__ import annotations

from typing import TypeVar

# WTForms 3.3 wants choices as SelectChoice (tuples are deprecated); types-WTForms 3.2
# predates it, so it is imported here once, untyped, for every form.
from wtforms.fields import SelectChoice  # type: ignore[attr-defined]

__all__ = ["SelectChoice", "filled"]

T = TypeVar("T")


def filled(value: T | None) -> T:
    """The value of a box whose validators require it, read after the form validated."""
    if value is None:
        raise ValueError("a required form value is missing: validate the form first")
    return value
