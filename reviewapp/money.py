"""Money: stored as integer yuan, shown and typed as 万元 (10,000 yuan) with two decimals.

Every conversion runs on `Decimal`, so no float rounding reaches a page, a cell or a total.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

YUAN_PER_WAN = 10_000
CENT = Decimal("0.01")
# No amount of a provincial call comes near 100 亿元 (1,000,000 万元).
MAX_WAN = Decimal(1_000_000)
FULL_WIDTH_DIGITS = {0xFF10 + d: 0x30 + d for d in range(10)} | {0xFF0E: 0x2E}


def yuan_to_wan(yuan: int | None) -> Decimal | None:
    """Integer yuan as 万元 rounded half-up to two decimals; None stays None."""
    if yuan is None:
        return None
    return (Decimal(int(yuan)) / YUAN_PER_WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def wan_to_yuan(wan: Decimal | int | None) -> int | None:
    """万元 as integer yuan (rounded half-up to the yuan); None stays None."""
    if wan is None:
        return None
    return int((Decimal(wan) * YUAN_PER_WAN).to_integral_value(rounding=ROUND_HALF_UP))


def format_wan(yuan: int | None) -> str:
    """Integer yuan as a 万元 string with two decimals and thousands separators; '' for None."""
    wan = yuan_to_wan(yuan)
    return "" if wan is None else f"{wan:,.2f}"


def wan_text(yuan: int) -> str:
    """Integer yuan as exact 万元 text without trailing zeros: 600000 → `60`, 500100 → `50.01`."""
    return format((Decimal(int(yuan)) / YUAN_PER_WAN).normalize(), "f")


def parse_wan(text: str) -> int | None:
    """A non-negative 万元 amount as people type it (`50`, `50.5万`, full-width) in yuan.

    None when the text is empty, not a number, negative or beyond any call's scale.
    """
    cleaned = text.strip().translate(FULL_WIDTH_DIGITS).replace("。", ".")
    cleaned = cleaned.removesuffix("万元").removesuffix("万").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        wan = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not wan.is_finite() or not 0 <= wan <= MAX_WAN:
        return None
    return wan_to_yuan(wan)
