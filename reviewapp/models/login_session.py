"""Server-side login sessions: logging out or idling ends them for every copy of the cookie."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.extensions import Model
from reviewapp.models.common import utcnow


class LoginSession(Model):
    """One login: its secret token (kept in the signed cookie), last activity and end."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Moved on by what the user does, never by autosave: an idle session still ends.
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
