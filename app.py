"""Kapacitetssimulatoren: the Streamlit entry (language choice and the page list)."""

import streamlit as st

from ui.components import illustrative_note
from ui.i18n import LANGUAGES, t

st.set_page_config(
    page_title="Kapacitetssimulatoren", page_icon=":material/home_health:", layout="wide"
)
with st.sidebar:
    st.radio(t("language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
    illustrative_note()
pages = [
    st.Page(
        "ui/pages/overview.py", title=t("page.overview"), icon=":material/dashboard:", default=True
    ),
    st.Page("ui/pages/scenario.py", title=t("page.scenario"), icon=":material/edit_calendar:"),
    st.Page("ui/pages/results.py", title=t("page.results"), icon=":material/play_circle:"),
    st.Page("ui/pages/map.py", title=t("page.map"), icon=":material/map:"),
    st.Page("ui/pages/method.py", title=t("page.method"), icon=":material/menu_book:"),
]
st.navigation(pages).run()
