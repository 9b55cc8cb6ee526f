"""Tests for the server-side SVG charts."""

from decimal import Decimal
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewapp.charts import Bar, bar_chart, meter, text_width

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    """Parse chart markup as XML, failing the test on malformed output."""
    return ElementTree.fromstring(str(markup))


def bar_widths(svg):
    """Widths of the value bars of a bar chart, in drawing order."""
    return [int(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]


def test_bar_chart_scales_bars_to_the_largest_value():
    """The largest value fills the span and the others are proportional."""
    svg = parse(bar_chart([Bar("数字经济", 10), Bar("智慧农业", 5), Bar("装备制造", 0)],
                          title="按方向"))
    widths = bar_widths(svg)
    assert widths[0] > 0
    assert abs(widths[1] * 2 - widths[0]) <= 1
    assert widths[2] == 0


def test_bar_chart_escapes_labels_and_links_rows():
    """Labels cannot inject markup and a bar with a link becomes an SVG anchor."""
    markup = bar_chart([Bar("<script>", 3, href="/x?a=1&b=2")], title="t & u")
    svg = parse(markup)
    assert "<script>" not in str(markup)
    anchors = list(svg.iter(f"{SVG}a"))
    assert [a.get("href") for a in anchors] == ["/x?a=1&b=2"]
    assert svg.find(f"{SVG}title").text == "t & u"


def test_bar_chart_prints_given_text_beside_each_bar():
    """The value text (not only the colour) is in the chart."""
    svg = parse(bar_chart([Bar("T1", 1_500_000, text="150.00 万元")], title="x"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "150.00 万元" in texts and "T1" in texts


def test_empty_bar_chart_is_still_valid_svg():
    """No bars gives an empty but well-formed chart."""
    assert bar_widths(parse(bar_chart([], title="none"))) == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12))
def test_bar_lengths_keep_the_order_of_values(values):
    """A larger value never gets a shorter bar, and no bar leaves the drawing."""
    svg = parse(bar_chart([Bar(f"b{i}", v) for i, v in enumerate(values)], title="p",
                          width=500))
    widths = bar_widths(svg)
    for (va, wa) in zip(values, widths, strict=True):
        for (vb, wb) in zip(values, widths, strict=True):
            if va > vb:
                assert wa >= wb
    assert all(0 <= w <= 500 for w in widths)


def test_meter_within_and_over_limit():
    """Below the limit the fill is proportional; over it the bar is full and marked."""
    half = parse(meter(50, 100, title="t", text="50/100", width=200))
    assert bar_widths(half) == [200, 100]
    assert half.find(f"{SVG}line") is None
    over = parse(meter(Decimal(150), 100, title="t", text="150/100", width=300))
    assert bar_widths(over) == [300, 300]
    assert int(over.find(f"{SVG}line").get("x1")) == 200


def test_meter_without_limit_shows_only_text():
    """A budget that is not set draws an empty bar and the text."""
    svg = parse(meter(80, None, title="t", text="未设置"))
    assert bar_widths(svg)[1] == 0
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["未设置"]


def test_text_width_counts_cjk_as_full_em():
    """CJK glyphs are wider than Latin ones."""
    assert text_width("数字", 10) == 20
    assert text_width("ab", 10) == 12
