"""Committee pages (评审委员会): ranked lists and decisions."""

from __future__ import annotations

from flask import Blueprint

from reviewapp.auth.permissions import restrict_blueprint
from reviewapp.blueprints import import_routes

bp = Blueprint("committee", __name__, url_prefix="/committee")
restrict_blueprint(bp, "committee", "staff", "admin")

# Every routes*.py module in this package registers its views on bp.
import_routes(__name__, __path__)
