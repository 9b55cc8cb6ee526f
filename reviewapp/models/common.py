"""Column helpers shared by the model modules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey
from sqlalchemy.orm import MappedColumn, mapped_column


def utcnow() -> datetime:
    """The current time as naive UTC (SQLite keeps no zone, so we store UTC everywhere)."""
    return datetime.now(UTC).replace(tzinfo=None)


def call_fk() -> MappedColumn[Any]:
    """A required, indexed link to the owning call, deleted with it."""
    return mapped_column(ForeignKey("call.id", ondelete="CASCADE"), index=True)


def user_fk() -> MappedColumn[Any]:
    """An optional link to the acting user, kept (as NULL) when the user is deleted."""
    return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True, nullable=True)


def yuan_column(nullable: bool = False) -> MappedColumn[Any]:
    """An amount of money in integer yuan."""
    if nullable:
        return mapped_column(BigInteger, nullable=True)
    return mapped_column(BigInteger, default=0)


def one_of(
    column: str, values: tuple[str, ...], name: str, nullable: bool = False
) -> CheckConstraint:
    """A named check that `column` takes one of `values` (or NULL when allowed)."""
    listed = ", ".join(f"'{v}'" for v in values)
    test = f"{column} IN ({listed})"
    if nullable:
        test = f"{column} IS NULL OR {test}"
    return CheckConstraint(test, name=name)


def non_negative(*columns: str) -> tuple[CheckConstraint, ...]:
    """One check per column that it is ≥ 0 (NULL passes), named `<column>_non_negative`."""
    return tuple(CheckConstraint(f"{c} >= 0", name=f"{c}_non_negative") for c in columns)
