"""Helpers the expert views share: the page language and loading the expert's own task."""

from __future__ import annotations

from flask import abort
from flask_babel import get_locale
from flask_login import current_user

from reviewapp.models import Assignment
from reviewapp.services.expert_tasks import own_assignment


def english() -> bool:
    """Whether the page is shown in English (else the Chinese texts are used)."""
    return str(get_locale() or "zh").startswith("en")


def say(pair: tuple[str, str]) -> str:
    """The Chinese or English half of a service message, by the page language."""
    return pair[1] if english() else pair[0]


def load_own(assignment_id: int) -> Assignment:
    """The logged-in expert's own visible assignment, else 404 (never say whose it is)."""
    assignment = own_assignment(assignment_id, current_user.expert_code)
    if assignment is None:
        abort(404)
    return assignment
