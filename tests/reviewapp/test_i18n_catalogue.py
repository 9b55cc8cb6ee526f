"""The Chinese catalogue holds every msgid the code marks, with matching placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import reviewapp

ROOT = Path(reviewapp.__file__).parent.parent
CATALOGUE = ROOT / "reviewapp" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
# The markers the code uses besides Babel's defaults (_, gettext, ngettext, ...).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]")


def marked_msgids() -> set[str]:
    """Every msgid that `pybabel extract -F babel.cfg -k _l -k lazy_gettext` finds."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_marked_string_is_in_the_catalogue():
    """A string wrapped in gettext but never extracted would show in English."""
    with open(CATALOGUE, "rb") as handle:
        catalogue = {m.id for m in read_po(handle) if m.id}
    missing = sorted(marked_msgids() - catalogue)
    assert missing == []


def test_placeholders_survive_translation():
    """Each msgstr keeps exactly the msgid's named placeholders."""
    with open(CATALOGUE, "rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    broken = [m.id for m in messages
              if sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert broken == []
