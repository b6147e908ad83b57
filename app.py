"""Kapacitetssimulatoren: the Streamlit entry (language choice and the page list)."""

import streamlit as st

from ui.components import illustrative_note
from ui.i18n import LANGUAGES, t

# No page icons: the browser would fetch them online as favicons, and the app must work
# without internet.
st.set_page_config(page_title="Kapacitetssimulatoren", layout="wide")
with st.sidebar:
    st.radio(t("language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
    illustrative_note()
pages = [
    st.Page("ui/pages/overview.py", title=t("page.overview"), default=True),
    st.Page("ui/pages/scenario.py", title=t("page.scenario")),
    st.Page("ui/pages/premises.py", title=t("page.premises")),
    st.Page("ui/pages/results.py", title=t("page.results")),
    st.Page("ui/pages/compare.py", title=t("page.compare")),
    st.Page("ui/pages/sensitivity.py", title=t("page.sensitivity")),
    st.Page("ui/pages/map.py", title=t("page.map")),
    st.Page("ui/pages/method.py", title=t("page.method")),
]
st.navigation(pages).run()
