"""Metode: the assumptions in plain words, the data sources and the run sheet."""

import pandas as pd
import streamlit as st

from sim.model.horizon import simulated_days
from sim.run.experiment import run_sheet
from sim.run.fingerprint import model_version
from sim.text.catalogue import CATALOGUE
from ui import keys
from ui.components import illustrative_note
from ui.i18n import date, escape_markdown, lang, t, t_plain
from ui.runs import registry
from ui.state import default_data, draft, validate

st.title(t("method.title"))
illustrative_note()

st.markdown(t("method.body"))

st.subheader(t("method.run_sheet"))
scenario, _ = validate(draft(), lang())
handle = registry().get(st.session_state.get(keys.RUN))
if handle is not None and handle.experiment() is not None:
    sheet = run_sheet(handle.experiment())
elif scenario is not None:
    sheet = {
        "scenario": scenario.name,
        "scenario_hash": scenario.content_hash(),
        "data_hash": default_data().content_hash,
        "model_version": model_version(),
        "horizon": f"{date(scenario.calendar.start)} – {date(scenario.calendar.end)}",
        "fidelity": scenario.fidelity,
        "simulated_days_per_replication": len(simulated_days(scenario)),
        "replications": scenario.replications,
        "seeds": scenario.replication_seeds(),
        "illustrative_data": True,
    }
else:
    sheet = {}
rows = [
    {"": t_plain(f"method.sheet.{k}") if f"method.sheet.{k}" in CATALOGUE else k, " ": str(v)}
    for k, v in sheet.items()
]
st.table(pd.DataFrame(rows).set_index("").map(escape_markdown))  # st.table reads Markdown
