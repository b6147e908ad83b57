"""The one set of formatters: numbers, money, percentages, dates and months the Danish
way (``da_DK``) or the English way (``en_GB``), from the Unicode CLDR through Babel.

Used by the app, the command line, the workbook and the HTML report alike, so a figure
reads the same everywhere:

========================  =====================  =====================
what                      Danish                 English
========================  =====================  =====================
:func:`number`            1.234,5                1,234.5
``number(x, "share")``    12,3 %                 12.3%
:func:`money`             1.234.567 kr.          DKK 1,234,567
:func:`money_short`       3,2 mio. kr.           DKK 3.2 million
:func:`money_range`       2,9–3,5 mio. kr.       DKK 2.9–3.5 million
:func:`date`              1. juni 2026           1 June 2026
:func:`month`             jun. 2026, maj 2027    Jun 2026, May 2027
:func:`month_abbr`        jun., maj              Jun, May
========================  =====================  =====================

Nothing here knows the model: ``sim`` and ``ui`` import it, it imports only Babel. A
missing value (None or NaN) is "–". Between a number and " %" or " kr." is a plain space
(as the rest of the product's text, and so that a copied figure pastes the same).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import TypeGuard

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import NumberPattern, parse_pattern

LOCALES = {"da": "da_DK", "en": "en_GB"}
MISSING = "–"
# decimals by unit when none are asked for
_DECIMALS = {"count": 0, "days": 0, "dkk": 0, "ratio": 2, "share": 1}


def _given(value: float | None) -> TypeGuard[float]:
    """Not None and not NaN."""
    return value is not None and not (isinstance(value, float) and math.isnan(value))


@functools.cache
def _locale(lang: str) -> Locale:
    """The CLDR locale of ``lang`` ("da" or "en"; anything else is Danish)."""
    return Locale.parse(LOCALES.get(lang, LOCALES["da"]))


@functools.cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


def _digits(value: float, decimals: int, lang: str) -> str:
    text = _pattern(decimals).apply(value, _locale(lang))
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]  # no "-0" or "-0,0"
    return text


def number(
    value: float | None, unit: str = "", lang: str = "da", decimals: int | None = None
) -> str:
    """``value`` with thousands grouped and ``decimals`` decimals (by ``unit`` when not
    given: none for counts, days and kroner, two for ratios, one otherwise). A ``share``
    (0.123) is shown as a percentage: "12,3 %" / "12.3%"."""
    if not _given(value):
        return MISSING
    digits = decimals if decimals is not None else _DECIMALS.get(unit, 1)
    if unit == "share":
        text = _digits(100 * value, digits, lang)
        return text + (" %" if lang == "da" else "%")
    return _digits(value, digits, lang)


def signed(value: float | None, lang: str = "da", decimals: int = 0) -> str:
    """A change with its sign: "+120", "-0,8", "0" (never "+0" or "-0")."""
    if not _given(value):
        return MISSING
    text = _digits(value, decimals, lang)
    return "+" + text if value > 0 and any(c in "123456789" for c in text) else text


def money(value: float | None, lang: str = "da") -> str:
    """Whole kroner: "1.234.567 kr." / "DKK 1,234,567" (never "-0 kr.")."""
    if not _given(value):
        return MISSING
    text = _digits(value, 0, lang)
    return text + " kr." if lang == "da" else "DKK " + text


def money_short(value: float | None, lang: str = "da", unit: float | None = None) -> str:
    """Kroner for a sentence: "3,2 mio. kr." / "DKK 3.2 million" from a million up, else
    whole kroner ("850.000 kr."); ``unit`` (1e6 or 1) forces the scale."""
    if not _given(value):
        return MISSING
    unit = unit or (1e6 if abs(value) >= 1e6 else 1.0)
    if unit == 1.0:
        return money(value, lang)
    text = _digits(value / 1e6, 1, lang)
    return f"{text} mio. kr." if lang == "da" else f"DKK {text} million"


def money_range(low: float, high: float, lang: str = "da", signed: bool = False) -> str:
    """A range of kroner in one unit: "2,9–3,5 mio. kr." / "DKK 2.9–3.5 million"; with
    ``signed``, increases get a "+" and the ends are joined by a word: "-0,4 til +1,2 mio.
    kr." / "DKK -0.4 to +1.2 million"."""
    million = max(abs(low), abs(high)) >= 1e6
    ends = []
    for value in (low, high):
        text = _digits(value / 1e6, 1, lang) if million else _digits(value, 0, lang)
        ends.append("+" + text if signed and value > 0 else text)
    word = (" til " if lang == "da" else " to ") if signed else "–"
    if lang == "da":
        return f"{ends[0]}{word}{ends[1]} " + ("mio. kr." if million else "kr.")
    return f"DKK {ends[0]}{word}{ends[1]}" + (" million" if million else "")


def date(value: dt.date | None, lang: str = "da") -> str:
    """ "1. juni 2026" / "1 June 2026"."""
    if value is None:
        return MISSING
    return format_date(value, "long", locale=_locale(lang))


def month_abbr(month: int, lang: str = "da") -> str:
    """The month's abbreviated name (1 = January): "jan.", "maj" / "Jan", "May"."""
    return get_month_names("abbreviated", locale=_locale(lang))[month]


def month(value: str, lang: str = "da") -> str:
    """A month "2026-06" as "jun. 2026" / "Jun 2026"."""
    year, number_ = value.split("-")[:2]
    return f"{month_abbr(int(number_), lang)} {int(year)}"


def percent_suffix(lang: str = "da") -> str:
    """What follows a percentage: " %" in Danish, "%" in English (as :func:`number`)."""
    return " %" if lang == "da" else "%"


def separators(lang: str = "da") -> str:
    """The decimal and the thousands separator, in that order (plotly's ``separators``):
    ",." in Danish, ".," in English."""
    symbols = _locale(lang).number_symbols
    symbols = symbols.get("latn", symbols)  # by numbering system in newer Babel
    return symbols.get("decimal", ".") + symbols.get("group", ",")


def short_date(value: dt.date, lang: str = "da") -> str:
    """A date in figures: "01-06-2026" in Danish, "2026-06-01" (ISO) in English."""
    return value.strftime("%d-%m-%Y") if lang == "da" else value.isoformat()


def language_tag(lang: str = "da") -> str:
    """The language as a BCP 47 tag for a document (``<html lang="…">``): "da" or "en"."""
    return "da" if lang == "da" else "en"
