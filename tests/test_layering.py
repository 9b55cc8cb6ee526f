"""Imports run one way. The rules, for every module you add:

Libraries — `scoring/` and `assignment/` import neither the web stack (Flask,
SQLAlchemy, WTForms, Alembic, Werkzeug), nor `reviewapp`, nor each other.

Inside `reviewapp/`, arrows run  views → services → models and pure modules,  and
commands → services:

- A *blueprint package* is a key of `reviewapp.blueprints.VIEW_MODULES` (auth, staff,
  expert, committee, admin, …). Its *view modules* are the ones listed there, plus any
  `routes*.py` file in it. Its other modules (`forms*.py`, `common.py`, `__init__.py`)
  are helpers of its views.
- Services (`reviewapp/services/`) never import a blueprint package (views, forms or
  helpers), `reviewapp.blueprints`, `reviewapp.commands`, `reviewapp.jinja_filters`, nor
  a request helper: `flask.request`, `session`, `g`, `flash`, `url_for`, `redirect`,
  `render_template`, `abort`, `send_file`, `jsonify`, `make_response`, and
  `flask_login`'s `current_user` / `login_user` / `logout_user`. A service takes the user
  as an argument and returns data; `flask_babel` texts and `current_app.config` are fine.
  Pure modules a service needs (money, safe_cells, local_time, call_settings_model,
  eligibility, workbook) live outside the blueprint packages.
- Commands (`reviewapp/commands/`) never import a blueprint package nor
  `reviewapp.blueprints`: what a command shares with a page lives in a service.
- A view module never imports `reviewapp.commands` nor another view module (its own
  package's helpers and other packages' non-view modules such as
  `reviewapp.auth.permissions` are fine): what two pages share goes into the package's
  `common.py` / `forms*.py` or into a service.
- No module of a blueprint package (views and their helpers) builds a query: it imports
  nothing from `sqlalchemy` or `flask_sqlalchemy` (`select`, `func`, `update`, …), uses no
  attribute of `reviewapp.extensions.db` but `get_or_404` (the load-or-404 step; so no
  `db.session`, `db.engine`, `db.paginate`), and no legacy `Model.query`, under whatever
  name it imported them. A view parses the request, calls a service, renders.

Lazy imports inside functions count too. `test_checker_catches_planted_back_arrows`
shows each rule failing on a planted file.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

from reviewapp.blueprints import VIEW_MODULES
from tests.helpers.imports import imported_modules

ROOT = Path(__file__).resolve().parents[1]
QUERY_PACKAGES = ("sqlalchemy", "flask_sqlalchemy")
DB = "reviewapp.extensions.db"
DB_IN_VIEWS = {f"{DB}.get_or_404"}
WEB = ("flask", "sqlalchemy", "wtforms", "flask_", "reviewapp", "alembic", "werkzeug")
FORBIDDEN = {"scoring": (*WEB, "assignment"), "assignment": (*WEB, "scoring")}
REQUEST_HELPERS = {
    "flask": {"request", "session", "g", "flash", "url_for", "redirect", "render_template",
              "render_template_string", "abort", "send_file", "send_from_directory",
              "jsonify", "make_response", "stream_with_context"},
    "flask_login": {"current_user", "login_user", "logout_user"},
}



def is_forbidden(module: str, prefixes: tuple[str, ...]) -> bool:
    """Whether `module` is, or lies inside, a forbidden package."""
    return any(
        module == p or module.startswith(p if p.endswith("_") else p + ".") for p in prefixes
    )


@pytest.mark.parametrize("library", sorted(FORBIDDEN))
def test_library_imports_stay_pure(library):
    """No file of the library imports a forbidden package."""
    files = sorted((ROOT / library).rglob("*.py"))
    assert files, f"{library}/ has no Python files"
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in files
        for module in imported_modules(path)
        if is_forbidden(module, FORBIDDEN[library])
    }
    assert offenders == set()


def test_checker_catches_forbidden_imports(tmp_path):
    """The checker sees plain, dotted and from-imports."""
    sample = tmp_path / "x.py"
    sample.write_text("import flask_login\nfrom sqlalchemy.orm import Session\nimport numpy\n")
    modules = imported_modules(sample)
    assert {m for m in modules if is_forbidden(m, FORBIDDEN["scoring"])} == {
        "flask_login", "sqlalchemy.orm"}


def module_name(path: Path, root: Path) -> str:
    """The dotted module name of a file under `root` (a package's `__init__` is the package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path, root: Path) -> set[str]:
    """Every module a file imports, relative imports resolved, plus `module.name` for each
    name taken from a module (`from flask import request` gives flask and flask.request)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] \
                if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def bound_names(tree: ast.AST, package: str) -> dict[str, str]:
    """Each name an import binds in a module, mapped to the dotted thing it stands for
    (`from ..extensions import db as d` binds d to reviewapp.extensions.db)."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    root = alias.name.partition(".")[0]
                    bound[root] = root
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] \
                if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{module}.{alias.name}"
    return bound


def dotted(node: ast.expr, bound: dict[str, str]) -> str | None:
    """The dotted name an attribute chain stands for, its first name resolved through the
    module's imports (None when it does not start at an imported name)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in bound:
        return None
    return ".".join([bound[node.id], *reversed(parts)])


def query_building(path: Path, root: Path) -> set[str]:
    """What in a file builds or runs a query: sqlalchemy imports, `db.` attributes other
    than get_or_404 (as `reviewapp.extensions.db.session`), and `Model.query`."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = {m for m in imported_names(path, root) if is_forbidden(m, QUERY_PACKAGES)}
    bound = bound_names(tree, package)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            target = dotted(node, bound)
            if target is None:
                continue
            if target.startswith(f"{DB}.") and target.count(".") == DB.count(".") + 1 \
                    and target not in DB_IN_VIEWS:
                found.add(target)
            elif target.startswith("reviewapp.models.") and node.attr == "query":
                found.add(target)
    return found


def view_modules(root: Path, packages: Iterable[str]) -> set[str]:
    """The view modules of each blueprint package: listed ones and every routes*.py."""
    found = set()
    for package in packages:
        found.update(f"reviewapp.{package}.{m}" for m in VIEW_MODULES.get(package, ()))
        found.update(module_name(p, root)
                     for p in (root / "reviewapp" / package).glob("routes*.py"))
    return found


def back_arrows(root: Path, packages: Iterable[str]) -> set[str]:
    """Every import under `root`/reviewapp that runs against the arrows, as 'file: module'."""
    packages = tuple(packages)
    blueprint_prefixes = (*(f"reviewapp.{p}" for p in packages), "reviewapp.blueprints")
    views = view_modules(root, packages)
    helpers = {f"{module}.{name}" for module, names in REQUEST_HELPERS.items()
               for name in names}
    offenders = set()
    for path in sorted((root / "reviewapp").rglob("*.py")):
        name = module_name(path, root)
        imports = imported_names(path, root)
        if name.startswith("reviewapp.services."):
            bad = {m for m in imports if is_forbidden(
                m, (*blueprint_prefixes, "reviewapp.commands", "reviewapp.jinja_filters"))
                or m in helpers}
        elif name.startswith("reviewapp.commands"):
            bad = {m for m in imports if is_forbidden(m, blueprint_prefixes)}
        elif name in views:
            bad = {m for m in imports if is_forbidden(m, ("reviewapp.commands",))
                   or (m in views and m != name)} | query_building(path, root)
        elif is_forbidden(name, blueprint_prefixes[:-1]):
            bad = query_building(path, root)
        else:
            continue
        offenders.update(f"{path.relative_to(root)}: {module}" for module in bad)
    return offenders


def test_app_arrows_run_one_way():
    """Services, commands and views of the app import only downstream (module docstring)."""
    assert back_arrows(ROOT, VIEW_MODULES) == set()


def test_blueprint_list_names_every_view_module():
    """Each listed view module exists, and every routes*.py of a blueprint is listed."""
    listed = {f"reviewapp.{p}.{m}" for p, modules in VIEW_MODULES.items() for m in modules}
    assert view_modules(ROOT, VIEW_MODULES) == listed
    assert all((ROOT / (m.replace(".", "/") + ".py")).is_file() for m in listed)


PLANTED = {
    "reviewapp/services/bad_view.py": ("from reviewapp.staff.routes_x import thing\n",
                                       "reviewapp.staff.routes_x"),
    "reviewapp/services/bad_form.py": ("from ..staff import forms_x\n", "reviewapp.staff"),
    "reviewapp/services/bad_request.py": ("from flask import current_app, request\n",
                                          "flask.request"),
    "reviewapp/services/bad_user.py": ("def f():\n    from flask_login import current_user\n",
                                       "flask_login.current_user"),
    "reviewapp/services/bad_jinja.py": ("import reviewapp.jinja_filters\n",
                                        "reviewapp.jinja_filters"),
    "reviewapp/services/bad_command.py": ("from reviewapp.commands import conflicts\n",
                                          "reviewapp.commands"),
    "reviewapp/commands/bad.py": ("from reviewapp.admin.common import make\n",
                                  "reviewapp.admin.common"),
    "reviewapp/staff/routes_y.py": ("from reviewapp.staff.routes_x import thing\n",
                                    "reviewapp.staff.routes_x"),
    "reviewapp/staff/routes_z.py": ("from .routes_x import thing\n",
                                    "reviewapp.staff.routes_x"),
    "reviewapp/admin/routes.py": ("from reviewapp.commands.core import serve\n",
                                  "reviewapp.commands.core"),
    "reviewapp/staff/routes_q.py": ("from sqlalchemy import select\n", "sqlalchemy.select"),
    "reviewapp/staff/routes_l.py": ("def f():\n    from sqlalchemy.orm import selectinload\n",
                                    "sqlalchemy.orm.selectinload"),
    "reviewapp/staff/routes_s.py": ("from reviewapp.extensions import db\n"
                                    "def f(x):\n    return db.session.get(x, 1)\n",
                                    "reviewapp.extensions.db.session"),
    "reviewapp/staff/routes_e.py": ("import reviewapp.extensions\n"
                                    "e = reviewapp.extensions.db.engine\n",
                                    "reviewapp.extensions.db.engine"),
    "reviewapp/staff/routes_m.py": ("from reviewapp.models import Call\n"
                                    "calls = Call.query.all()\n", "reviewapp.models.Call.query"),
    "reviewapp/staff/forms_q.py": ("from ..extensions import db as database\n"
                                   "rows = database.session.scalars(q)\n",
                                   "reviewapp.extensions.db.session"),
    "reviewapp/admin/common.py": ("import sqlalchemy as sa\n", "sqlalchemy"),
}
ALLOWED = {
    "reviewapp/services/good.py": "from flask import current_app\nfrom reviewapp import money\n",
    "reviewapp/staff/routes_x.py": "from reviewapp.staff.common import x\n"
                                   "from reviewapp.auth.permissions import role_required\n"
                                   "from reviewapp.services import good\n"
                                   "from reviewapp.extensions import db\n"
                                   "from reviewapp.models import Call\n"
                                   "from flask import session\n"
                                   "call = db.get_or_404(Call, 1)\n"
                                   "seen = session.get('seen'), good.session.query\n",
    "reviewapp/staff/common.py": "from reviewapp.staff import bp\n",
    "reviewapp/commands/good.py": "from reviewapp.services.good import x\n",
    "reviewapp/services/reads.py": "from sqlalchemy import select\n"
                                   "from reviewapp.extensions import db\n"
                                   "rows = db.session.scalars(select(1))\n",
}


def test_checker_catches_planted_back_arrows(tmp_path):
    """Each planted back arrow is reported once per file; the allowed imports are not."""
    for relative, text in {**{k: v[0] for k, v in PLANTED.items()}, **ALLOWED}.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    found = back_arrows(tmp_path, ("staff", "admin"))
    expected = {f"{Path(relative)}: {module}" for relative, (_, module) in PLANTED.items()}
    assert expected <= found
    assert {line.split(":")[0] for line in found} == {str(Path(p)) for p in PLANTED}
