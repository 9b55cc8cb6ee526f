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
