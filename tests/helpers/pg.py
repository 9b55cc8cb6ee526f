"""PostgreSQL test schemas: each test session or test makes its own and drops it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, text


@contextmanager
def postgresql_schema(url: str, prefix: str) -> Iterator[dict[str, Any]]:
    """A fresh PostgreSQL schema for the block; yields engine options that select it."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield {"connect_args": {"options": f"-csearch_path={schema}"}}
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        # An engine left to the garbage collector warns about its open connection.
        admin.dispose()
