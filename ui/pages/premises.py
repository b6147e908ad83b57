"""Lokaliteter: planners' premises options — template, upload with row-level messages,
saved option sets, and taking options into the scenario's placements."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from sim.inputs.premises_upload import read_premises, template_bytes
from sim.inputs.scenario import MAX_UPLOAD_BYTES
from store import StoreError
from ui import keys
from ui.auth import actor, allowed, delete_button
from ui.components import forget_upload, illustrative_note, too_big, upload_field
from ui.i18n import bullets, escape_markdown, lang, t
from ui.options import option_records, option_sets_table, store
from ui.state import add_options, default_data, draft, remove_unused_options

st.title(t("premises.title"))
st.markdown(t("premises.intro"))

st.subheader(t("premises.template"))
cells = st.columns(2)
cells[0].download_button(
    t("premises.template_xlsx"),
    template_bytes(".xlsx"),
    file_name="lokaliteter-skabelon.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)
cells[1].download_button(
    t("premises.template_csv"),
    template_bytes(".csv"),
    file_name="lokaliteter-skabelon.csv",
    mime="text/csv",
    icon=":material/download:",
)

st.subheader(t("premises.upload_header"))
uploaded = (  # planners upload; a reader is told what they may do instead
    upload_field(t("premises.upload"), ["csv", "xlsx", "txt"], "premises", MAX_UPLOAD_BYTES)
    if allowed("upload", "auth.reader_upload")
    else None
)
if uploaded is not None:  # read once, keep what was read, and let go of the file
    refused = too_big(uploaded, MAX_UPLOAD_BYTES)
    st.session_state[keys.UPLOAD_REFUSED] = refused
    st.session_state[keys.UPLOAD] = (
        None if refused else read_premises(uploaded.getvalue(), uploaded.name, data=default_data())
    )
    forget_upload(uploaded, "premises")
    st.rerun()
if st.session_state.get(keys.UPLOAD_REFUSED):
    st.error(t("premises.refused") + "\n\n" + bullets([st.session_state[keys.UPLOAD_REFUSED]]))
upload = st.session_state.get(keys.UPLOAD)
if upload is not None:
    valid = len(upload.premises)
    if upload.rows_read == 0 and upload.problems:
        st.error(t("premises.refused") + "\n\n" + bullets(upload.messages))
    else:
        st.markdown(t("premises.read", valid=valid, rows=upload.rows_read))
        if upload.problems:
            st.error(t("premises.problems", n=len(upload.problems)))
            problems = pd.DataFrame(
                {
                    t("col.row"): [p.row for p in upload.problems],
                    t("col.column"): [
                        " / ".join(p.column) if isinstance(p.column, tuple) else p.column
                        for p in upload.problems
                    ],
                    t("col.problem"): [p.message for p in upload.problems],
                }
            )
            st.dataframe(problems, hide_index=True, width="stretch", key="upload-problems")
            if len(upload.rejected):
                with st.expander(t("premises.rejected")):
                    st.dataframe(upload.rejected, hide_index=True, width="stretch")
        if valid:
            with st.expander(t("premises.valid_rows"), expanded=upload.ok):
                st.dataframe(upload.premises, hide_index=True, width="stretch")
            keep = upload.ok or st.checkbox(t("premises.keep_valid", valid=valid), key="keep")
            cells = st.columns([3, 2], vertical_alignment="bottom")
            name = cells[0].text_input(t("premises.set_name"), Path(upload.file).stem)
            if cells[1].button(
                t("premises.save"), disabled=not keep or not name.strip(), type="primary"
            ):
                try:
                    store().save_option_set(
                        name.strip(), upload.file, upload.premises, actor=actor()
                    )
                except StoreError as error:  # e.g. the role no longer allows it
                    st.error(escape_markdown(error.message(lang())))
                except Exception as error:  # noqa: BLE001 - nothing was saved; say why
                    st.error(f"{t('premises.store_failed')} {escape_markdown(error)}")
                else:
                    st.success(t("premises.saved", name=name.strip(), n=valid))
        elif upload.problems:
            st.warning(t("premises.nothing_valid"))

st.subheader(t("premises.sets"))
sets = store().list_option_sets()
if not sets:
    st.info(t("premises.no_sets"))
else:
    st.dataframe(option_sets_table(sets, lang()), hide_index=True, width="stretch")
    by_id = {s.id: s for s in sets}
    chosen = st.selectbox(
        t("premises.pick_set"),
        list(by_id),
        format_func=lambda i: f"{by_id[i].name} ({by_id[i].file_name})",
        key="option-set",
    )
    if st.button(t("premises.use"), icon=":material/add_location:"):
        added, skipped = add_options(draft(), option_records(chosen, by_id[chosen].name))
        st.success(t("premises.used", n=added, name=by_id[chosen].name))
        if skipped:
            st.warning(t("premises.clash", ids=", ".join(skipped)))
    delete_button(
        t("delete.option_set"),
        by_id[chosen].uploader,
        lambda who: store().delete_option_set(chosen, actor=who),
        t("delete.option_set_done", name=by_id[chosen].name),
        key="delete-option-set",
    )

in_draft = draft().get("premises_options", [])
if in_draft:
    st.subheader(t("premises.in_scenario"))
    st.dataframe(
        pd.DataFrame(in_draft)[
            ["premises_id", "name", "district", "capacity_people", "option_set"]
        ],
        hide_index=True,
        width="stretch",
    )
    if st.button(t("premises.remove_unused")):
        remove_unused_options(draft())
        st.rerun()
    st.page_link("ui/pages/scenario.py", label=t("premises.go_scenario"), icon=":material/edit:")
illustrative_note()
