"""Mail to experts: compose in the expert's language, store, then send by SMTP or keep.

Every message is stored first (status `outbox`) and committed; only then is it sent, when
SMTP is configured, and marked `sent` or `failed` with the server's error. A message is
therefore never dropped: without SMTP, or when sending fails, staff read it on the outbox
page and pass it on themselves.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import MailMessage, User
from reviewapp.models.common import utcnow

DEFAULT_BASE_URL = "http://127.0.0.1:5000/"


@dataclass(frozen=True)
class MailSettings:
    """SMTP server and sender (host empty: no SMTP, every message stays in the outbox)."""

    host: str = ""
    port: int = 25
    username: str = ""
    password: str = ""
    sender: str = "reviewapp@localhost"
    sender_name: str = "ReviewApp"
    starttls: bool = False
    ssl: bool = False
    timeout: float = 30.0
    base_url: str = DEFAULT_BASE_URL

    @property
    def smtp(self) -> bool:
        """Whether an SMTP server is configured."""
        return bool(self.host)

    @property
    def login_url(self) -> str:
        """The page an expert opens to log in and see their tasks."""
        return self.base_url.rstrip("/") + "/login?next=/expert/"


def mail_settings(config: Mapping[str, Any], base_url: str | None = None) -> MailSettings:
    """Settings from the app config: `SMTP_*` (env `REVIEWAPP_SMTP_*`), else Flask-Mail's `MAIL_*`.

    `BASE_URL` (env `REVIEWAPP_BASE_URL`) is the address experts use; a page passes its
    own address as `base_url` for when it is not set.
    """
    def get(default: Any, *keys: str) -> Any:
        """The first key set, SMTP_* before MAIL_*."""
        for key in (*(f"SMTP_{k}" for k in keys), *(f"MAIL_{k}" for k in keys)):
            if config.get(key) not in (None, ""):
                return config[key]
        return default

    return MailSettings(
        host=str(get("", "HOST", "SERVER")),
        port=int(get(25, "PORT")),
        username=str(get("", "USERNAME", "USER")),
        password=str(get("", "PASSWORD")),
        sender=str(get("reviewapp@localhost", "SENDER", "DEFAULT_SENDER")),
        sender_name=str(get("ReviewApp", "SENDER_NAME")),
        starttls=bool(get(False, "STARTTLS", "USE_TLS")),
        ssl=bool(get(False, "SSL", "USE_SSL")),
        timeout=float(get(30.0, "TIMEOUT")),
        base_url=str(config.get("BASE_URL") or base_url or DEFAULT_BASE_URL),
    )


def expert_language(expert_code: str) -> str:
    """`en` when the expert's account asks for English, else `zh` (Chinese first)."""
    locale = db.session.scalar(select(User.locale).where(
        User.expert_code == expert_code, User.locale.is_not(None)).limit(1))
    return "en" if (locale or "").startswith("en") else "zh"


def _connect(settings: MailSettings) -> smtplib.SMTP:
    """An open, logged-in SMTP connection."""
    if settings.ssl:
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout,
            context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.starttls:
            server.starttls(context=ssl.create_default_context())
    if settings.username:
        server.login(settings.username, settings.password)
    return server


def _email(message: MailMessage, settings: MailSettings) -> EmailMessage:
    """The stored message as an e-mail."""
    mail = EmailMessage()
    mail["From"] = formataddr((settings.sender_name, settings.sender))
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail.set_content(message.body)
    return mail


def deliver(message_ids: Sequence[int], settings: MailSettings) -> dict[str, int]:
    """Send the stored messages still in the outbox or failed; mark each; commit once.

    Without SMTP nothing is sent and the messages stay in the outbox. A message without
    an address stays in the outbox with the reason. Counts by resulting status.
    """
    messages = db.session.scalars(select(MailMessage).where(
        MailMessage.id.in_(message_ids), MailMessage.status.in_(("outbox", "failed")))
        .order_by(MailMessage.id)).all()
    counts = {"sent": 0, "failed": 0, "outbox": 0}
    if not settings.smtp:
        counts["outbox"] = len(messages)
        return counts
    server: smtplib.SMTP | None = None
    try:
        for message in messages:
            if not message.recipient:
                message.error = "no e-mail address / 无邮箱地址"
                counts["outbox"] += 1
                continue
            try:
                if server is None:
                    server = _connect(settings)
                server.send_message(_email(message, settings))
            except (OSError, smtplib.SMTPException) as error:
                message.status, message.error = "failed", str(error)[:1000]
                counts["failed"] += 1
                continue
            message.status, message.error, message.sent_at = "sent", "", utcnow()
            counts["sent"] += 1
    finally:
        if server is not None:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                pass
    db.session.commit()
    return counts
