"""The keys of what a session keeps between its page runs (``st.session_state``), in one
place: which page writes and which reads each. A widget's own key stays at its widget.
"""

LANG = "lang"  # the language chosen in the sidebar (its radio's key): "da" or "en"

# the scenario being built (ui.state): the draft, where it came from, the saved version it
# was loaded from, and a counter that makes the form's widgets anew when it is replaced
DRAFT = "draft"
DRAFT_SOURCE = "draft_source"
DRAFT_SAVED = "draft_saved"
DRAFT_VERSION = "draft_version"
REPLACE_PENDING = "replace_pending"  # Scenarie: saving over a newer version, to confirm
PLACEMENTS_REV = "placements_rev"  # Scenarie: the placements table made anew
SCENARIO_UPLOADED = "scenario-uploaded"  # Scenarie: a scenario file was read
SCENARIO_UPLOAD_PROBLEMS = "scenario-upload-problems"  # ... and what was wrong with it
UPLOAD = "upload"  # Lokaliteter: the premises file read, waiting to be saved
UPLOAD_REFUSED = "upload-refused"  # ... or why it was refused

# runs (Kør / Resultater, Sammenlign, Følsomhed)
RUN = "run_key"  # the run the results page shows (ui.runs.RunRegistry)
RUN_REFUSED = "run_refused"  # why pressing Kør started nothing
RUN_REUSED = "run_reused"  # the same inputs ran before: their result is shown
SWEEP = "sweep_key"  # the sensitivity analysis Følsomhed shows
SWEEP_KPI = "sweep_kpi"  # ... and the KPI it shows it for

# who is signed in (ui.auth) and what an administrator's last action did
ACTOR = "_auth_actor"
SIGNED_IN = "_auth_signed_in"
DONE = "_auth_done"  # what a delete did, said after its rerun
ADMIN_DONE = "admin-done"
