"""The README and docs/ cite only what is in the repository, and the README stays short."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
TOP_LEVEL = ("reviewapp/", "scoring/", "assignment/", "tests/", "benchmarks/", "docs/", ".ci/",
             "tools/")
ROOT_FILES = {"pyproject.toml", ".pre-commit-config.yaml", "babel.cfg"}
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
PATH_TOKEN = re.compile(r"[A-Za-z0-9_.*/\-]+")


def doc_id(path: Path) -> str:
    """A short test id for one documentation file."""
    return str(path.relative_to(ROOT))


def cited_paths(text: str) -> set[str]:
    """Repository paths written in code spans: tokens that start with a top-level folder."""
    found = set()
    for span in CODE_SPAN.findall(text):
        for token in PATH_TOKEN.findall(span):
            token = token.rstrip(".")
            if token.startswith(TOP_LEVEL) or token in ROOT_FILES:
                found.add(token)
    return found


def exists(relative: str) -> bool:
    """Whether a cited path (a file, a folder, or a glob) is in the repository."""
    if "*" in relative:
        return any(ROOT.glob(relative))
    return (ROOT / relative).exists()


def heading_anchors(path: Path) -> set[str]:
    """The anchors a Markdown renderer gives the file's headings (GitHub's slug rule)."""
    anchors = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and not line.startswith("#!"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_cited_path_exists(doc: Path) -> None:
    """A doc names no file, folder or module path that the repository does not hold."""
    missing = sorted(p for p in cited_paths(doc.read_text(encoding="utf-8")) if not exists(p))
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_links_stay_inside_the_repository_and_resolve(doc: Path) -> None:
    """Relative links lead to a file of the repository, and to a heading that exists."""
    problems = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (doc.parent / file_part).resolve() if file_part else doc
        if not linked.is_relative_to(ROOT) or not linked.exists():
            problems.append(target)
        elif anchor and anchor not in heading_anchors(linked):
            problems.append(target)
    assert problems == []


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_no_doc_cites_files_outside_the_repository(doc: Path) -> None:
    """Nothing points at a parent folder or at a machine's absolute paths."""
    text = doc.read_text(encoding="utf-8")
    assert re.findall(r"\.\./|/work/|/home/|shared/(?:DESIGN|STYLE|UX)", text) == []


def test_readme_is_short_and_links_every_doc() -> None:
    """The README stays under 200 lines and its Documentation list links each docs/ file."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 200
    documentation = readme.split("\n## Documentation\n", 1)[1]
    linked = {Path(t).name for t in LINK.findall(documentation)}
    assert {p.name for p in (ROOT / "docs").glob("*.md")} <= linked


def test_the_path_check_catches_a_missing_file() -> None:
    """The checker itself finds a cited path that is absent and accepts one that exists."""
    cited = cited_paths("see `reviewapp/no_such_module.py` and `scoring/rubric.py`")
    assert {p for p in cited if not exists(p)} == {"reviewapp/no_such_module.py"}


def readme_section(start: str, end: str) -> str:
    """The README's text from the line starting with `start` up to the next `end`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(start, 1)[1].split(end, 1)[0]


def named_modules(text: str) -> set[str]:
    """Module files and packages named in code spans (`x.py`, `folder/`), without paths."""
    return {span for span in CODE_SPAN.findall(text)
            if re.fullmatch(r"[a-z_0-9]+(\.py|/)", span)}


def package_modules(package: str) -> set[str]:
    """A package's modules (`x.py`) and subpackages (`x/`), dunder files left out."""
    folder = ROOT / package
    return ({p.name for p in folder.glob("*.py") if not p.name.startswith("__")}
            | {f"{p.name}/" for p in folder.iterdir() if (p / "__init__.py").is_file()})


@pytest.mark.parametrize(("package", "start", "end"), [
    ("reviewapp/services", "**Services**", "**The rest of the app**"),
    ("scoring", "| `scoring/` | does |", "\n\n"),
    ("assignment", "| `assignment/` | does |", "\n\n"),
], ids=["services", "scoring", "assignment"])
def test_readme_names_each_module_of_services_and_libraries(package, start, end) -> None:
    """What-is-where names every service and library module, and none that is gone (a module
    added, moved or renamed makes this fail until its README row follows)."""
    assert named_modules(readme_section(start, end)) == package_modules(package)


def page_word(rule: str) -> str | None:
    """The word a README row names a page by: its last fixed path segment, without suffix."""
    fixed = [part for part in rule.split("/") if part and not part.startswith("<")]
    return fixed[-1].rsplit(".", 1)[0] if fixed else None


def test_readme_names_every_page_of_each_user_group() -> None:
    """Each blueprint has its row in "Pages, by user group", and that row names every page
    (GET route) of the blueprint by its last fixed path segment."""
    from reviewapp import create_app
    from reviewapp.blueprints import VIEW_MODULES

    app = create_app({"TESTING": True, "SECRET_KEY": "docs",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    table = readme_section("**Pages, by user group**", "**Services**")
    rows = {found[1]: line for line in table.splitlines()
            if (found := re.search(r"\| `reviewapp/(\w+)/` ", line))}
    assert set(rows) == set(VIEW_MODULES)
    missing = sorted(
        f"{rule.endpoint}: {rule.rule}" for rule in app.url_map.iter_rules()
        if (group := rule.endpoint.partition(".")[0]) in rows and "GET" in (rule.methods or ())
        and (word := page_word(rule.rule)) is not None
        and not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", rows[group]))
    assert missing == []


def test_page_words_and_module_names_are_read_as_meant() -> None:
    """The page word skips variables and suffixes; module names ignore paths and prose."""
    assert page_word("/staff/calls/<int:call_id>/assignment/runs/<int:run_id>/why") == "why"
    assert page_word("/committee/calls/<int:call_id>/list.xlsx") == "list"
    assert page_word("/") is None
    assert named_modules("`a.py`, `b/`, `reviewapp/c.py`, `the rest`") == {"a.py", "b/"}
