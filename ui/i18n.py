"""The interface's words in the user's language (Danish by default, English as a choice)
and its formats: :func:`t` and :func:`t_plain` read the one catalogue
(:mod:`sim.text.catalogue`) in the session's language, :func:`escape_markdown` keeps what
users typed literal inside Streamlit's Markdown.

KPI names and labels are not here: they live in ``sim.analysis.kpis`` and are used as they are.
"""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st

from sim.text import formats as fmt
from sim.text.catalogue import CATALOGUE, text
from ui import keys

LANGUAGES = {"da": "Dansk", "en": "English"}


def lang() -> str:
    return st.session_state.get(keys.LANG, "da")


# What Streamlit's Markdown (st.markdown, titles, captions, alerts, widget labels, help
# texts, st.table cells) gives a meaning to anywhere in a line: emphasis, strikethrough and
# code (* _ ~ `), links and images ([ ]), HTML tags and autolinks (< >), entities (&),
# LaTeX ($), its directives, icons and emoji (:), tables (|), headings (#) and the
# backslash itself.
_MARKDOWN_INLINE = re.compile(r"([\\`*_~\[\]<>&$:|#])")
# at the start of a line: a list item ("- ", "+ ", "1. ", "2) ") or a rule ("---")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+](?=\s|$)|-(?=[-\s]*$))|^(\s*\d{1,9})([.)])(?=\s|$)")
# Web addresses and e-mail addresses become links after the Markdown is read, whatever
# was escaped: an invisible word joiner inside "http://", "www." and after "@" stops that.
_AUTOLINKS = re.compile(r"(?i)(https?:(?=//)|\bwww(?=\.)|@)")
WORD_JOINER = "\u2060"


def escape_markdown(text) -> str:
    """``text`` (a name, a file name, a message quoting user input) as literal text inside
    Streamlit Markdown: every character that would make a link, an image, an icon, a
    colour, LaTeX, HTML or formatting is backslash-escaped, a word joiner (invisible) keeps
    web and e-mail addresses from becoming links, and line breaks become spaces (so nothing
    starts a heading, list or quote). Only for Markdown: a dataframe cell, a select box
    option or a plotly figure would show the backslashes."""
    flat = re.sub(r"\s*[\r\n]+\s*", " ", str(text))
    flat = _AUTOLINKS.sub(r"\1" + WORD_JOINER, flat)
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", flat)
    # Streamlit turns ":material/" into an icon's name before it reads the Markdown
    escaped = escaped.replace("\\:material/", "\\:material\\/")
    return _MARKDOWN_LINE_START.sub(
        lambda m: (m[1] or m[3] or "") + "\\" + (m[2] or m[4]), escaped, count=1
    )


def t(key: str, **values) -> str:
    """The text ``key`` in the user's language, for Markdown (every Streamlit text element,
    label and help text): ``values`` are escaped with :func:`escape_markdown`, the
    catalogue's own words are Markdown as written."""
    return t_plain(key, **{name: escape_markdown(v) for name, v in values.items()})


def t_plain(key: str, **values) -> str:
    """The text ``key`` with ``values`` as they are: for what is shown as plain text (a
    dataframe cell or header, a select box option, a file name)."""
    return text(key, lang(), **values)


def param_label(path: str) -> str:
    """A scenario field's name in the user's words (``parameters.absence_rate``)."""
    key = "param." + path.removeprefix("parameters.")
    return t(key) if key in CATALOGUE else path.removeprefix("parameters.")


def number(value: float, unit: str = "", decimals: int | None = None) -> str:
    """A number in the user's language (:func:`sim.text.formats.number`)."""
    return fmt.number(value, unit, lang(), decimals)


def money(value: float) -> str:
    """Whole kroner in the user's language: 1.234.567 kr. / DKK 1,234,567."""
    return fmt.money(value, lang())


def date(value: dt.date) -> str:
    """1. juni 2026 / 1 June 2026"""
    return fmt.date(value, lang())


def month_label(value: str) -> str:
    """'2026-06' -> 'jun. 2026' / 'Jun 2026'"""
    return fmt.month(value, lang())


def bullets(lines) -> str:
    """Messages as they come (from ``sim`` or the store, quoting names and files) as a
    Markdown list, each shown as text."""
    return "\n".join(f"- {escape_markdown(line)}" for line in lines)
