"""Committee pages (评审委员会): ranked lists and decisions."""

from __future__ import annotations

from flask import Blueprint

from reviewapp.auth.permissions import restrict_blueprint

bp = Blueprint("committee", __name__, url_prefix="/committee")
restrict_blueprint(bp, "committee", "staff", "admin")

