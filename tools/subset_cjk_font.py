"""Make the CJK font the app serves: a WOFF2 subset of WenQuanYi Micro Hei.

Run once when the catalogue or the templates gain characters, and commit the result:

    .venv/bin/pip install -e '.[dev]'          # fonttools and brotli
    .venv/bin/python tools/subset_cjk_font.py  # reads Debian's fonts-wqy-microhei

The subset holds printable ASCII, every character of GB2312 (its symbols and both levels of
hanzi, 6,763), CJK symbols and punctuation (U+3000–U+303F), half- and full-width forms
(U+FF00–U+FFEF), and every character of the templates and of the Chinese catalogue. Nothing
is downloaded when the app runs: the file lives in reviewapp/static/fonts/.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
TARGET = ROOT / "reviewapp" / "static" / "fonts" / "wqy-microhei-subset.woff2"
CATALOGUES = sorted((ROOT / "reviewapp" / "translations").glob("*/LC_MESSAGES/messages.po"))
TEMPLATES = sorted((ROOT / "reviewapp" / "templates").rglob("*.html"))


def gb2312() -> set[str]:
    """Every character GB2312 encodes: rows 1–9 (symbols) and 16–87 (both levels of hanzi)."""
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def text_characters(text: str) -> set[str]:
    """The characters a page may draw from `text` (line breaks and controls left out)."""
    return {c for c in text if c.isprintable() or c == "\u3000"}


def catalogue_characters() -> set[str]:
    """Every character of the msgstr lines of each catalogue."""
    found: set[str] = set()
    for path in CATALOGUES:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r'(?:msgstr(?:\[\d+\])?\s+)?"(.*)"$', line)
            if match and not line.startswith(("msgid", "#")):
                found |= text_characters(match.group(1))
    return found


def wanted() -> set[str]:
    """The characters the subset keeps (the source font may lack a few; they are skipped)."""
    chars = {chr(code) for code in range(0x20, 0x7F)}
    chars |= gb2312()
    chars |= {chr(code) for code in range(0x3000, 0x3040)}
    chars |= {chr(code) for code in range(0xFF00, 0xFFF0)}
    chars |= catalogue_characters()
    for path in TEMPLATES:
        chars |= text_characters(path.read_text(encoding="utf-8"))
    return chars


def subset(source: Path, target: Path) -> tuple[int, int]:
    """Write the WOFF2 subset of the collection's first face; the kept and wanted counts."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, fontNumber=0, recalcTimestamp=False)  # same input, same bytes
    have = set(font.getBestCmap())
    chars = wanted()
    codes = sorted(ord(c) for c in chars if ord(c) in have)
    options = ft_subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # hinting is for small sizes on old screens; it doubles the file
    options.desubroutinize = True
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target)
    return len(codes), len(chars)


def main(argv: list[str] | None = None) -> int:
    """Write the subset and say how much it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source}: missing (apt-get install fonts-wqy-microhei)", file=sys.stderr)
        return 1
    kept, asked = subset(args.source, args.out)
    size = args.out.stat().st_size
    print(f"{args.out}: {kept} of {asked} characters, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
