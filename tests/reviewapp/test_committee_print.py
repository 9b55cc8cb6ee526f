"""The A4 print page: every word from the catalogue, and a CJK font the app serves itself."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po
from flask_babel import force_locale

import reviewapp
from reviewapp.committee.common import FLAG_LABELS
from reviewapp.committee.routes_exports import CJK_FONT, OUTCOME_LABELS
from tests.helpers.reviewed_call import ranked_call

PACKAGE = Path(reviewapp.__file__).parent
TEMPLATE = PACKAGE / "templates" / "committee" / "print.html"
CATALOGUE = PACKAGE / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
FONT_URL = re.compile(r'url\("([^"]+)"\) format\("woff2"\)')


@pytest.fixture
def ranked(app, runner, tmp_path) -> int:
    """A reviewed call with a T1 budget and a current ranking run."""
    return ranked_call(app, runner, tmp_path)


def _template_text_outside_tags() -> str:
    """The print template's own words: what is left once Jinja tags and comments go."""
    text = TEMPLATE.read_text(encoding="utf-8")
    return re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)


def test_the_template_has_no_chinese_of_its_own():
    """Every Chinese word on the page comes from the catalogue, not from the template."""
    words = _template_text_outside_tags()
    assert CJK.findall(re.sub(r"<style>.*?</style>", "", words, flags=re.S)) == ["　", "（",
                                                                                   "）", "；"]


def test_print_page_is_chinese_by_default_and_english_on_request(client, auth, ranked):
    """The same page in the two languages: headings, columns, signatures, outcomes."""
    auth.login_as("committee")
    url = f"/committee/calls/{ranked}/print"
    zh = client.get(url).get_data(as_text=True)
    assert '<html lang="zh-Hans">' in zh
    for words in ("评审委员会立项决策名单", "项目编号", "立项线", "评审委员会主任（签字）：",
                  "监督人员（签字）：", "名单尚未冻结", "未决定", "返回立项决策"):
        assert words in zh, words
    client.post("/language/en", data={"next": url})
    en = client.get(url).get_data(as_text=True)
    assert '<html lang="en">' in en
    for words in ("Review committee's decision list", "Application code", "Funding line",
                  "Committee chair (signature):", "Supervisor (signature):",
                  "The list is not frozen yet", "undecided", "Back to the decisions"):
        assert words in en, words
    for words in ("评审委员会", "立项线", "签字", "未决定", "名单尚未冻结"):
        assert words not in en, words


def test_outcomes_and_flags_are_translated_on_the_print_page(client, auth, app, ranked):
    """A decision shows as 立项 / Approve; a priority flag by its catalogue label."""
    from sqlalchemy import select

    from reviewapp.extensions import db
    from reviewapp.models import Application, RankingRun
    from reviewapp.services.ranking_runs import current_run, make_ranking_run

    with app.app_context():
        row = current_run(ranked).result["ranking"]["tracks"][0]["rows"][0]
        application = db.session.scalar(select(Application).where(
            Application.app_id == row["app_id"]))
        application.chain_leader = True
        db.session.commit()
        make_ranking_run(ranked, None)
        assert db.session.scalar(select(RankingRun.id).where(RankingRun.current))
    auth.login_as("committee")
    client.post(f"/committee/calls/{ranked}/decisions/{row['app_id']}",
                data={"outcome": "approve"})
    zh = client.get(f"/committee/calls/{ranked}/print").get_data(as_text=True)
    assert "（链主企业牵头）" in zh and ">立项<" in zh
    client.post("/language/en", data={"next": "/"})
    en = client.get(f"/committee/calls/{ranked}/print").get_data(as_text=True)
    assert "（Chain leader）" in en and ">Approve<" in en


def test_the_print_page_font_is_served_by_the_app(client, auth, ranked):
    """The @font-face URL is the package's own file, answered 200 as a WOFF2 font."""
    auth.login_as("committee")
    page = client.get(f"/committee/calls/{ranked}/print").get_data(as_text=True)
    urls = FONT_URL.findall(page)
    assert urls == [f"/static/{CJK_FONT}"]
    assert "/usr/share" not in page and "http" not in urls[0]
    response = client.get(urls[0])
    assert response.status_code == 200
    assert response.mimetype == "font/woff2"
    assert response.data[:4] == b"wOF2"
    response.close()
    assert (PACKAGE / "static" / "fonts" / "LICENSE-Apache-2.0").is_file()


def _catalogue() -> dict[str, str]:
    """The Chinese catalogue, msgid to msgstr."""
    with open(CATALOGUE, "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id}


def _print_page_characters(app) -> set[str]:
    """Every character the print page's template and its translations can draw."""
    catalogue = _catalogue()
    msgids = [message[0] if isinstance(message, tuple) else message
              for _line, message, _comments, _context in extract_from_file(
                  "jinja2", str(TEMPLATE), keywords=DEFAULT_KEYWORDS)]
    assert "Review committee's decision list" in msgids
    texts = [_template_text_outside_tags(), *msgids, *(catalogue[m] for m in msgids)]
    with app.test_request_context():
        for locale in ("zh_Hans_CN", "en"):
            with force_locale(locale):
                texts += [str(label) for label in (*FLAG_LABELS.values(),
                                                   *OUTCOME_LABELS.values())]
    return {c for text in texts for c in text if c.isprintable() and c != "\u00a0"}


def test_the_font_subset_holds_every_character_of_the_print_page(app):
    """No glyph of the page's own words or translations falls back to another font."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO((PACKAGE / "static" / CJK_FONT).read_bytes()))
    cmap = set(font.getBestCmap())
    wanted = _print_page_characters(app)
    assert {"评", "审", "委", "员", "会", "签", "字", "：", "（", "—", "←"} <= wanted
    missing = sorted(c for c in wanted if ord(c) not in cmap)
    assert missing == []
    # The whole of GB2312's two levels of hanzi, and full-width forms, are there too.
    level_one_and_two = {bytes((high, low)).decode("gb2312")
                         for high in range(0xB0, 0xF8) for low in range(0xA1, 0xFF)
                         if (high, low) not in {(0xD7, x) for x in range(0xFA, 0xFF)}}
    assert len(level_one_and_two) == 6763
    assert not [c for c in level_one_and_two if ord(c) not in cmap]
    assert all(code in cmap for code in range(0xFF01, 0xFF5F))
