"""Password hashing (argon2), the HTTP security headers every response carries, and the
redirect back to the page of a button that never leaves the site."""

from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, current_app, has_app_context, redirect, request
from werkzeug.wrappers import Response as BaseResponse

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _hasher() -> PasswordHasher:
    """The hasher for the app's ARGON2_PROFILE (tests use the cheapest profile)."""
    name = "RFC_9106_LOW_MEMORY"
    if has_app_context():
        name = current_app.config.get("ARGON2_PROFILE", name)
    return PasswordHasher.from_parameters(getattr(profiles, name))


def hash_password(password: str) -> str:
    """An argon2 hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`; any malformed hash is a mismatch."""
    try:
        # The hash carries its own parameters, so any profile verifies it.
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def uses_https(app: Flask) -> bool:
    """Whether the config says the app is served over HTTPS."""
    return bool(app.config.get("PREFER_HTTPS") or app.config.get("HTTPS"))


def init_security(app: Flask) -> None:
    """Secure cookies when serving HTTPS, and add the security headers to every response."""
    https = uses_https(app)
    # Secure cookies on a plain-HTTP intranet would make logging in impossible.
    app.config["SESSION_COOKIE_SECURE"] = https
    app.config["REMEMBER_COOKIE_SECURE"] = https
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if https:
        app.config["PREFERRED_URL_SCHEME"] = "https"

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        """Forbid sniffing, framing and foreign content."""
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if https:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def redirect_back(default: str) -> BaseResponse:
    """Back to the page the request came from when it is a page of this site (the filtered
    table of the button), else to `default`: a referrer elsewhere is never followed."""
    referrer = request.referrer
    return redirect(referrer if referrer and referrer.startswith(request.host_url)
                    else default)
