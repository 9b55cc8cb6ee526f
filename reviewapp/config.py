"""Configuration: defaults, then instance/config.py, then environment, then test config."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

LANGUAGES = ("zh_Hans_CN", "en")


def defaults(instance_path: str) -> dict[str, Any]:
    """Settings that hold unless a later source overrides them."""
    database = Path(instance_path) / "reviewapp.sqlite"
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "BABEL_DEFAULT_LOCALE": "zh_Hans_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": LANGUAGES,
        "PREFER_HTTPS": False,
        "ARGON2_PROFILE": "RFC_9106_LOW_MEMORY",
        # Forms may sit open for a long review session.
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
        # A call workbook's sheets: rows (header included) and filled cells per sheet.
        "IMPORT_MAX_ROWS": 20_000,
        "IMPORT_MAX_CELLS": 1_000_000,
    }


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill `app.config` from every source, later sources winning."""
    app.config.from_mapping(defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    # REVIEWAPP_<KEY> → KEY, values parsed as JSON when they are JSON (true, 3, "x").
    app.config.from_prefixed_env(prefix="REVIEWAPP")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)


def instance_secret_key(instance_path: str) -> str:
    """The key in instance/secret_key, generated there (mode 0600) on first use."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    # O_EXCL: two processes starting at once must not both write a key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
