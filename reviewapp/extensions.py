"""Flask extensions, created once at import and bound to an app by `init_app`."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import JSON, MetaData, event
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.sql.dml import UpdateBase

# Every constraint gets a predictable name, so Alembic can alter or drop it later
# (SQLite batch mode needs names to recreate tables).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every ReviewApp model."""

    # The generic JSON type works on SQLite and PostgreSQL alike.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={dict[str, Any]: JSON, list[Any]: JSON},
    )


db = SQLAlchemy(model_class=Base)

# Every model subclasses `Model`. At run time it is `db.Model`, which Flask-SQLAlchemy builds
# from Base's body and its own mixins; a type checker cannot see through that, so it sees Base.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def rows_changed(statement: UpdateBase) -> int:
    """Run an UPDATE or DELETE in the session and return how many rows it changed.

    `Session.execute` is typed to return a plain `Result`; for a DML statement it is the
    `CursorResult` that carries `rowcount`, which compare-and-set writes depend on.
    """
    result = db.session.execute(statement)
    if not isinstance(result, CursorResult):
        raise TypeError(f"{type(statement).__name__} gave {type(result).__name__}, no rowcount")
    return result.rowcount


migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on foreign keys and WAL for every SQLite connection (other databases untouched)."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the web pages read while a background job writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
