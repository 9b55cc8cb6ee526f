"""Admin pages: user accounts."""

from __future__ import annotations

from flask import Blueprint

from reviewapp.auth.permissions import restrict_blueprint
from reviewapp.blueprints import import_routes

bp = Blueprint("admin", __name__, url_prefix="/admin")
restrict_blueprint(bp, "admin")

# Every routes*.py module in this package registers its views on bp.
import_routes(__name__, __path__)
