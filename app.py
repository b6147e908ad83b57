"""Kapacitetssimulatoren: the Streamlit entry (language choice, who is signed in, and the
page list for their role)."""

import streamlit as st

from sim.inputs.settings import SettingError, check_settings
from ui import coalescing, keys
from ui.auth import gate, purge_deleted, say_done, user_box
from ui.components import illustrative_note
from ui.i18n import LANGUAGES, escape_markdown, lang, t
from ui.options import store_problem
from ui.runs import registry

# No page icons: the browser would fetch them online as favicons, and the app must work
# without internet.
st.set_page_config(page_title="Kapacitetssimulatoren", layout="wide")
coalescing.install()  # an edit made just before leaving a page is kept (once per process)
with st.sidebar:
    st.radio(
        t("language"), list(LANGUAGES), format_func=LANGUAGES.get, key=keys.LANG, horizontal=True
    )
try:  # a setting that cannot be used is said, and nothing runs on it
    check_settings()
except SettingError as error:
    st.error(escape_markdown(error.message(lang())))
    st.stop()
actor = gate()  # only the sign-in page (or a refusal) until someone may see the app
purge_deleted()  # old runs, and what was deleted more than 30 days ago
registry().warm()  # the worker pool starts now, not when the first Kør is pressed
with st.sidebar:
    user_box(actor)
    illustrative_note()
    if (problem := store_problem()) is not None:  # nothing is saved, runs neither
        st.warning(problem.note(lang()), icon=":material/database:")
say_done()
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
if actor.may("manage_users"):
    pages.append(st.Page("ui/pages/admin.py", title=t("page.admin")))
st.navigation(pages).run()
