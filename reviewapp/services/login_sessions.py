"""Login sessions kept on the server, so logging out or idling ends every copy of a cookie."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, or_, select, update

from reviewapp.extensions import db
from reviewapp.models import LoginSession, User
from reviewapp.models.common import utcnow

# Activity is written at most this often, so busy pages do not write on every request.
TOUCH_EVERY = timedelta(seconds=60)
# A user's sessions that ended (or went quiet) this long ago are deleted at their next login,
# so the table keeps each user's recent sessions only instead of growing with every login.
KEEP_ENDED = timedelta(days=30)


def start_login_session(user_id: int) -> str:
    """Open a session for the user; the token goes into the signed cookie. Commits.

    The user's sessions that ended or went quiet more than `KEEP_ENDED` ago are deleted.
    """
    token = secrets.token_urlsafe(32)
    long_ago = utcnow() - KEEP_ENDED
    db.session.execute(delete(LoginSession).where(
        LoginSession.user_id == user_id,
        or_(LoginSession.ended_at < long_ago, LoginSession.last_seen_at < long_ago)))
    db.session.add(LoginSession(user_id=user_id, token=token))
    db.session.commit()
    return token


def end_login_session(token: str | None) -> None:
    """End the session with this token (nothing when there is none). Commits."""
    if not token:
        return
    db.session.execute(update(LoginSession).where(
        LoginSession.token == token, LoginSession.ended_at.is_(None)).values(ended_at=utcnow()))
    db.session.commit()


def session_user(user_id: int, token: str | None, idle: timedelta, touch: bool) -> User | None:
    """The active user of a live session; None when it ended, idled out or is unknown.

    `touch` records activity (the user did something); autosave passes False, so a page
    left open does not keep its session alive forever.
    """
    if not token:
        return None
    found = db.session.execute(
        select(LoginSession, User).join(User, User.id == LoginSession.user_id)
        .where(LoginSession.token == token, LoginSession.user_id == user_id)
    ).first()
    if found is None:
        return None
    login, user = found
    now = utcnow()
    if login.ended_at is not None or now - login.last_seen_at > idle or not user.active:
        return None
    if touch and now - login.last_seen_at > TOUCH_EVERY:
        login.last_seen_at = now
        db.session.commit()
    return user
