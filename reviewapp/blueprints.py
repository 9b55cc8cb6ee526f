"""Every blueprint and the modules holding its views, in one visible list."""

from __future__ import annotations

import importlib

from flask import Flask

# Blueprint package → its view modules; importing a module registers its views on `bp`.
VIEW_MODULES: dict[str, tuple[str, ...]] = {
    "auth": ("routes",),
    "staff": (
        "routes_calls",
        "routes_call",
        "routes_import",
        "routes_applications",
        "routes_data_fix",
        "routes_panel_size",
        "routes_flags",
        "routes_eligibility",
        "routes_conflicts",
        "routes_pool",
        "routes_settings",
        "routes_jobs",
        "routes_reviews",
        "routes_rubric",
        "routes_call_lifecycle",
        "routes_assignment",
        "routes_assignment_results",
        "routes_assignment_loads",
        "routes_invitations",
    ),
    "expert": ("routes", "routes_review"),
    "committee": ("routes", "routes_decisions", "routes_exports", "routes_jobs"),
    "admin": ("routes",),
}


def register_blueprints(app: Flask) -> None:
    """Import each blueprint's view modules, then mount the blueprint on `app`."""
    for package, modules in VIEW_MODULES.items():
        for module in modules:
            importlib.import_module(f"reviewapp.{package}.{module}")
        app.register_blueprint(importlib.import_module(f"reviewapp.{package}").bp)
