"""Helpers that let a blueprint package pick up route modules other engineers add."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable


def import_routes(package: str, path: Iterable[str]) -> None:
    """Import every `routes*.py` module of a blueprint package, so its views register."""
    for module in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        if module.name.startswith("routes"):
            importlib.import_module(f"{package}.{module.name}")
