"""The one set of formatters (sim.text.formats): CLDR's Danish and English through Babel,
the same in the app, the command line, the workbook and the report."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sim.text import formats as fmt


@pytest.mark.parametrize(
    ("call", "da", "en"),
    [
        (lambda lang: fmt.number(1234.5, "", lang), "1.234,5", "1,234.5"),
        (lambda lang: fmt.number(-1234567.25, "count", lang), "-1.234.567", "-1,234,567"),
        (lambda lang: fmt.number(0.123, "share", lang), "12,3 %", "12.3%"),
        (lambda lang: fmt.number(1.5, "ratio", lang), "1,50", "1.50"),
        (lambda lang: fmt.number(-0.04, "", lang), "0,0", "0.0"),  # never "-0,0"
        (lambda lang: fmt.number(math.nan, "", lang), "–", "–"),
        (lambda lang: fmt.money(1234567.4, lang), "1.234.567 kr.", "DKK 1,234,567"),
        (lambda lang: fmt.money(-0.4, lang), "0 kr.", "DKK 0"),  # never "-0 kr."
        (lambda lang: fmt.money(None, lang), "–", "–"),
        (lambda lang: fmt.money_short(3_240_000, lang), "3,2 mio. kr.", "DKK 3.2 million"),
        (lambda lang: fmt.money_short(850_000, lang), "850.000 kr.", "DKK 850,000"),
        (
            lambda lang: fmt.money_range(2.9e6, 3.5e6, lang),
            "2,9–3,5 mio. kr.",
            "DKK 2.9–3.5 million",
        ),
        (
            lambda lang: fmt.money_range(-4e5, 1.2e6, lang, signed=True),
            "-0,4 til +1,2 mio. kr.",
            "DKK -0.4 to +1.2 million",
        ),
        (lambda lang: fmt.date(dt.date(2026, 6, 1), lang), "1. juni 2026", "1 June 2026"),
        (lambda lang: fmt.month("2027-05", lang), "maj 2027", "May 2027"),
        (lambda lang: fmt.month("2026-06", lang), "jun. 2026", "Jun 2026"),
        (lambda lang: fmt.month_abbr(5, lang), "maj", "May"),
    ],
)
def test_each_format_in_danish_and_english(call, da, en):
    assert (call("da"), call("en")) == (da, en)


def test_every_month_has_its_cldr_name_and_may_has_no_full_stop():
    danish = [fmt.month_abbr(m, "da") for m in range(1, 13)]
    assert danish == [
        "jan.", "feb.", "mar.", "apr.", "maj", "jun.",
        "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
    ]  # fmt: skip
    assert [fmt.month(f"2026-{m:02d}", "da") for m in (5, 6)] == ["maj 2026", "jun. 2026"]


def test_the_budget_verdict_says_its_kroner_in_the_one_money_format():
    from sim.analysis.costs import verdict_text

    assert verdict_text(1234567.4, "da") == "over budget med 1.234.567 kr."
    assert verdict_text(1234567.4, "en") == "over budget by DKK 1,234,567"
