"""Login and roles, the audit trail, reversible deletion (issue #12, part 2).

The store half runs on SQLite and on a throwaway PostgreSQL server (tests/conftest_store);
the app half with AppTest, in the local (no login) mode and with an ``[auth]`` section.
The real login flow in Chromium against a local OpenID Connect provider is in
tests/browser/test_login_browser.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select, update
from streamlit.testing.v1 import AppTest

from sim.analysis.sweep import ParameterSpec, run_sensitivity
from sim.inputs.premises_upload import read_premises, template_bytes
from sim.inputs.scenario import PROJECT_ROOT, load_scenario
from store import NotFound, open_store
from store.access import RETENTION, Actor, PermissionDenied, RestoreExpired
from store.models import AuditEntry, OptionSet, RunRow, RunTable, ScenarioRow, ScenarioVersion
from store.scenarios import ScenarioDeleted
from store.users import RoleRefused, admin_emails
from tests.conftest import ROOT

pytest_plugins = ["tests.conftest_store"]

BASELINE = load_scenario(PROJECT_ROOT / "scenarios" / "baseline.yaml")
DATA_HASH = "0123456789abcdef"
READER = Actor("rita@kk.dk", "Rita", "reader")
IDA = Actor("ida@kk.dk", "Ida", "planner")
BO = Actor("bo@kk.dk", "Bo", "planner")
ADMIN = Actor("ane@kk.dk", "Ane", "administrator")


def scenario(name: str = "Basis", **changes):
    return BASELINE.with_overrides(name=name, **changes)


def premises():
    upload = read_premises(template_bytes(".csv"), "kandidater.csv")
    assert upload.ok, upload.messages
    return upload.premises


def audit(store) -> list[tuple[str, str, str]]:
    """The audit trail, oldest first, as (actor, action, target)."""
    return [(e.actor, e.action, e.target) for e in reversed(store.audit_log(limit=None))]


def age(store, model, item_id: int, days: float) -> None:
    """Make a deletion ``days`` old (as if it had been deleted then)."""
    with store.writing() as session:
        when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        session.execute(update(model).where(model.id == item_id).values(deleted_at=when))


# ---- users and roles --------------------------------------------------------------------


def test_a_new_user_is_a_reader_and_keeps_the_role_an_administrator_gives(store):
    rita = store.sign_in("sub-rita", "Rita Hansen", "rita@kk.dk", admin_emails=[])
    assert (rita.subject, rita.name, rita.email, rita.role) == (
        "sub-rita",
        "Rita Hansen",
        "rita@kk.dk",
        "reader",
    )
    assert rita.actor == Actor("sub-rita", "Rita Hansen", "reader")
    assert rita.last_login_at is not None and rita.created_at.tzinfo is dt.UTC
    changed = store.set_role("sub-rita", "planner", actor=ADMIN, admin_emails=[])
    assert changed.role == "planner"
    again = store.sign_in("sub-rita", "Rita B. Hansen", "rita@kk.dk", admin_emails=[])
    assert (again.id, again.role, again.name) == (rita.id, "planner", "Rita B. Hansen")
    assert again.last_login_at >= rita.last_login_at
    assert [u.subject for u in store.list_users()] == ["sub-rita"]
    assert store.user("sub-rita") == again and store.user("nobody") is None
    assert audit(store) == [
        ("Rita Hansen", "login", "user:sub-rita"),
        ("Ane", "role", "user:sub-rita"),
        ("Rita B. Hansen", "login", "user:sub-rita"),
    ]
    role_entry = store.audit_log(limit=None)[1]
    assert role_entry.detail == {"name": "Rita Hansen", "from": "reader", "to": "planner"}


def test_admin_emails_make_the_first_administrator(store):
    listed = admin_emails(" Ane@KK.dk, chef@kk.dk;x@kk.dk ")
    assert listed == {"ane@kk.dk", "chef@kk.dk", "x@kk.dk"}
    ane = store.sign_in("sub-ane", "Ane", "ane@kk.dk", admin_emails=listed)
    assert ane.role == "administrator"
    # someone who was a reader before the setting named them becomes one at the next sign-in
    chef = store.sign_in("sub-chef", "Chef", "chef@kk.dk", admin_emails=[])
    assert chef.role == "reader"
    assert store.sign_in("sub-chef", "Chef", "CHEF@kk.dk", admin_emails=listed).role == (
        "administrator"
    )
    role_changes = [(e.actor, e.target) for e in store.audit_log(limit=None) if e.action == "role"]
    assert role_changes == [("admin_emails", "user:sub-chef"), ("admin_emails", "user:sub-ane")]
    # no e-mail, no match; the setting is read from the environment by default
    assert store.sign_in("sub-x", "X", "", admin_emails=listed).role == "reader"


def test_the_setting_admin_emails_comes_from_the_environment(store, monkeypatch):
    monkeypatch.setenv("KAPACITET_ADMIN_EMAILS", "boss@kk.dk")
    assert store.sign_in("sub-boss", "Boss", "boss@kk.dk").role == "administrator"
    assert store.sign_in("sub-other", "Other", "other@kk.dk").role == "reader"


def test_two_users_never_share_a_name(store):
    first = store.sign_in("sub-1", "Anne Jensen", "aj@kk.dk", admin_emails=[])
    second = store.sign_in("sub-2", "Anne Jensen", "anne.jensen@kk.dk", admin_emails=[])
    third = store.sign_in("sub-3", "Anne Jensen", "", admin_emails=[])
    assert first.name == "Anne Jensen"
    assert second.name == "Anne Jensen (anne.jensen@kk.dk)"
    assert third.name == "Anne Jensen (sub-3)"
    # signing in again keeps one's own name
    assert store.sign_in("sub-1", "Anne Jensen", "aj@kk.dk", admin_emails=[]).name == "Anne Jensen"


def test_only_administrators_set_roles(store):
    store.sign_in("sub-rita", "Rita", "rita@kk.dk", admin_emails=[])
    for who in (READER, IDA):
        with pytest.raises(PermissionDenied) as refused:
            store.set_role("sub-rita", "administrator", actor=who, admin_emails=[])
        assert "må ikke administrere brugere og roller" in refused.value.message("da")
        assert "may not manage users and roles" in refused.value.message("en")
    assert store.user("sub-rita").role == "reader"
    assert [e.action for e in store.audit_log(limit=None)] == ["login"]
    with pytest.raises(ValueError, match="unknown role"):
        store.set_role("sub-rita", "owner", actor=ADMIN, admin_emails=[])
    with pytest.raises(NotFound):
        store.set_role("sub-nobody", "planner", actor=ADMIN, admin_emails=[])


def test_the_last_administrator_and_a_listed_one_keep_the_role(store):
    store.sign_in("sub-ane", "Ane", "ane@kk.dk", admin_emails=["ane@kk.dk"])
    with pytest.raises(RoleRefused) as refused:
        store.set_role("sub-ane", "reader", actor=ADMIN, admin_emails=["ane@kk.dk"])
    assert "admin_emails" in refused.value.message("da")
    with pytest.raises(RoleRefused) as refused:
        store.set_role("sub-ane", "reader", actor=ADMIN, admin_emails=[])
    assert "den sidste administrator" in refused.value.message("da")
    assert "the last administrator" in refused.value.message("en")
    store.sign_in("sub-bo", "Bo", "bo@kk.dk", admin_emails=[])
    store.set_role("sub-bo", "administrator", actor=ADMIN, admin_emails=[])
    assert store.set_role("sub-ane", "planner", actor=ADMIN, admin_emails=[]).role == "planner"


# ---- every writing method checks the role itself ---------------------------------------


def _saved(store, who=IDA, name="Basis") -> str:
    store.save_scenario(scenario(name), actor=who, data_hash=DATA_HASH)
    return name


def _counts(store) -> dict:
    with store.reading() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (ScenarioRow, ScenarioVersion, RunRow, OptionSet, AuditEntry)
        } | {
            "deleted": session.scalar(
                select(func.count())
                .select_from(ScenarioRow)
                .where(ScenarioRow.deleted_at.is_not(None))
            )
        }


WRITES = {
    "save_scenario": (
        "planner",
        lambda s, who: s.save_scenario(scenario("Ny"), actor=who, data_hash=DATA_HASH),
    ),
    "replace_scenario": (
        "planner",
        lambda s, who: s.save_scenario(
            scenario("Basis", seed=9), actor=who, replace=True, data_hash=DATA_HASH
        ),
    ),
    "save_option_set": (
        "planner",
        lambda s, who: s.save_option_set("Amager", "kandidater.csv", premises(), actor=who),
    ),
    "delete_scenario": ("administrator", lambda s, who: s.delete_scenario("Basis", actor=who)),
    "delete_run": ("administrator", lambda s, who: s.delete_run(1, actor=who)),
    "delete_option_set": ("administrator", lambda s, who: s.delete_option_set(1, actor=who)),
    "restore": ("administrator", lambda s, who: s.restore("scenario", 2, actor=who)),
    "deleted_items": ("administrator", lambda s, who: s.deleted_items(actor=who)),
    "set_role": (
        "administrator",
        lambda s, who: s.set_role("sub-rita", "planner", actor=who, admin_emails=[]),
    ),
}


@pytest.mark.parametrize("method", list(WRITES))
def test_every_writing_method_refuses_a_role_below_its_own(store, method):
    """A reader (and, for the administrators' actions, a planner who does not own the work)
    is refused by the store itself, and nothing changes: no row, no audit entry."""
    lowest, write = WRITES[method]
    owner = Actor("sub-owner", "Owner", "planner")  # the work below is someone else's
    _saved(store, owner)
    store.save_option_set("Amager", "kandidater.csv", premises(), actor=owner)
    run_id = store.start_run(scenario(), DATA_HASH, owner="Owner")
    assert run_id == 1
    _saved(store, owner, "Slettet")
    store.delete_scenario("Slettet", actor=owner)
    store.sign_in("sub-rita", "Rita", "rita@kk.dk", admin_emails=[])
    before = _counts(store)
    below = [READER] if lowest == "planner" else [READER, IDA]
    for who in below:
        with pytest.raises(PermissionDenied) as refused:
            write(store, who)
        assert refused.value.message("da").startswith(f"Du har rollen {_da(who.role)}")
        assert _counts(store) == before, f"{who.role} changed something with {method}"
    write(store, IDA if lowest == "planner" else ADMIN)  # the role that may, may


def _da(role: str) -> str:
    return {"reader": "læser", "planner": "planlægger", "administrator": "administrator"}[role]


def test_no_one_writes_under_another_name(store):
    """The author of a save, the uploader of a set and the owner of a run are the acting
    user: there is no free-text author any more."""
    with pytest.raises(TypeError):
        store.save_scenario(scenario(), author="Someone else", data_hash=DATA_HASH)
    with pytest.raises(TypeError):
        store.save_scenario(scenario(), data_hash=DATA_HASH)  # no actor: no save
    with pytest.raises(TypeError):
        store.save_option_set("Amager", "kandidater.csv", premises(), uploader="Someone")
    info = store.save_scenario(scenario(), actor=IDA, data_hash=DATA_HASH)
    assert info.author == "Ida" and store.scenario_versions("Basis")[0].author == "Ida"
    set_id = store.save_option_set("Amager", "kandidater.csv", premises(), actor=BO)
    assert [(o.id, o.uploader) for o in store.list_option_sets()] == [(set_id, "Bo")]
    run_id = store.start_run(scenario(), DATA_HASH, owner="Ida")
    assert store.load_run(run_id).owner == "Ida"


def test_the_run_registry_refuses_a_reader_before_starting_anything():
    from ui.runs import RunRegistry

    registry = RunRegistry()
    sweep = functools.partial(
        run_sensitivity, scenario(), [ParameterSpec("parameters.absence_rate", 0.06, 0.12)]
    )
    with pytest.raises(PermissionDenied) as refused:
        registry.start(scenario(), actor=READER)
    assert "må ikke starte kørsler" in refused.value.message("da")
    with pytest.raises(PermissionDenied) as refused:
        registry.start_sweep("one-at-a-time", scenario(), sweep, actor=READER)
    assert "må ikke starte følsomhedsanalyser" in refused.value.message("da")
    assert registry._runs == {} and registry._sweeps == {}
    assert "executor" not in registry.__dict__, "no worker pool was started"


# ---- the audit trail --------------------------------------------------------------------


def test_every_change_is_in_the_audit_trail_in_its_own_transaction(store):
    store.sign_in("sub-ida", "Ida", "ida@kk.dk", admin_emails=[])
    store.save_scenario(scenario(), actor=IDA, data_hash=DATA_HASH)
    store.save_scenario(scenario(seed=3), actor=IDA, replace=True, data_hash=DATA_HASH)
    set_id = store.save_option_set("Amager", "kandidater.csv", premises(), actor=IDA)
    run_id = store.start_run(scenario(), DATA_HASH, owner="Ida")
    store.delete_run(run_id, actor=IDA)
    store.restore("run", run_id, actor=ADMIN)
    store.delete_option_set(set_id, actor=ADMIN)
    store.set_role("sub-ida", "reader", actor=ADMIN, admin_emails=[])  # no change: no entry
    store.set_role("sub-ida", "planner", actor=ADMIN, admin_emails=[])
    assert audit(store) == [
        ("Ida", "login", "user:sub-ida"),
        ("Ida", "save", "scenario:Basis"),
        ("Ida", "save", "scenario:Basis"),
        ("Ida", "upload", f"option_set:{set_id}"),
        ("Ida", "run", f"run:{run_id}"),
        ("Ida", "delete", f"run:{run_id}"),
        ("Ane", "restore", f"run:{run_id}"),
        ("Ane", "delete", f"option_set:{set_id}"),
        ("Ane", "role", "user:sub-ida"),
    ]
    newest = store.audit_log(limit=None)
    assert newest[0].action == "role" and newest[-1].action == "login", "newest first"
    assert [e.action for e in store.audit_log(actor="Ane", limit=None)] == [
        "role",
        "delete",
        "restore",
    ]
    assert store.audit_actors() == ["Ane", "Ida"]
    saves = [e.detail for e in newest if e.action == "save"]
    assert saves == [
        {"name": "Basis", "version": 2, "replaced": True},
        {"name": "Basis", "version": 1, "replaced": False},
    ]
    assert all(e.at.tzinfo is dt.UTC for e in newest)
    # a save that fails writes no audit entry (the same transaction is rolled back)
    before = len(newest)
    with pytest.raises(Exception, match="findes allerede"):
        store.save_scenario(scenario(seed=4), actor=IDA, data_hash=DATA_HASH)
    assert len(store.audit_log(limit=None)) == before


# ---- deleting and restoring -------------------------------------------------------------


def test_deleted_work_vanishes_from_lists_and_loads_and_comes_back(store):
    _saved(store, IDA)
    _saved(store, IDA, "Anden")
    set_id = store.save_option_set("Amager", "kandidater.csv", premises(), actor=IDA)
    run_id = store.start_run(scenario(), DATA_HASH, saved_version=1, owner="Ida")
    store.finish_run(run_id, {"kpis": premises()})

    store.delete_scenario("Basis", actor=IDA)
    store.delete_run(run_id, actor=IDA)
    store.delete_option_set(set_id, actor=IDA)
    assert [s.name for s in store.list_scenarios()] == ["Anden"]
    assert store.scenario_versions("Basis") == []
    for gone in (
        lambda: store.load_scenario("Basis"),
        lambda: store.load_scenario("Basis", version=1),
        lambda: store.start_run(scenario(), DATA_HASH, saved_version=1),
        lambda: store.load_run(run_id),
        lambda: store.run_tables(run_id),
        lambda: store.load_option_set(set_id),
        lambda: store.delete_scenario("Basis", actor=ADMIN),
        lambda: store.delete_run(run_id, actor=ADMIN),
    ):
        with pytest.raises(NotFound):
            gone()
    assert store.list_runs() == [] and store.list_option_sets() == []
    deleted = store.deleted_items(actor=ADMIN)
    assert {(d.kind, d.label, d.owner, d.deleted_by) for d in deleted} == {
        ("scenario", "Basis", "Ida", "Ida"),
        ("run", f"#{run_id} Basis", "Ida", "Ida"),
        ("option_set", "Amager", "Ida", "Ida"),
    }
    assert all(d.restorable_until == d.deleted_at + RETENTION for d in deleted)
    # the name stays taken while the scenario can be restored
    with pytest.raises(ScenarioDeleted) as taken:
        store.save_scenario(scenario(), actor=IDA, replace=True, data_hash=DATA_HASH)
    assert "er slettet og kan gendannes af en administrator" in taken.value.message("da")
    assert "has been deleted" in taken.value.message("en")

    for item in deleted:
        store.restore(item.kind, item.item_id, actor=ADMIN)
    assert store.deleted_items(actor=ADMIN) == []
    assert [s.name for s in store.list_scenarios()] == ["Anden", "Basis"]
    assert store.load_scenario("Basis") == scenario()
    assert store.run_tables(run_id)["kpis"].shape == premises().shape
    assert [o.id for o in store.list_option_sets()] == [set_id]
    assert [r.id for r in store.list_runs()] == [run_id]


def test_a_planner_deletes_only_their_own_work(store):
    _saved(store, IDA)
    set_id = store.save_option_set("Amager", "kandidater.csv", premises(), actor=IDA)
    run_id = store.start_run(scenario(), DATA_HASH, owner="Ida")
    legacy = store.start_run(scenario(), DATA_HASH)  # before runs had owners: nobody's
    for delete in (
        lambda who: store.delete_scenario("Basis", actor=who),
        lambda who: store.delete_option_set(set_id, actor=who),
        lambda who: store.delete_run(run_id, actor=who),
        lambda who: store.delete_run(legacy, actor=who),
    ):
        for who in (BO, READER):
            with pytest.raises(PermissionDenied):
                delete(who)
    with pytest.raises(PermissionDenied) as refused:
        store.delete_run(legacy, actor=IDA)
    assert "må ikke slette andres arbejde" in refused.value.message("da")
    # a scenario Bo added a version to is no longer Ida's alone: only an administrator
    store.save_scenario(scenario(seed=2), actor=BO, replace=True, data_hash=DATA_HASH)
    with pytest.raises(PermissionDenied):
        store.delete_scenario("Basis", actor=IDA)
    store.delete_run(run_id, actor=IDA)
    store.delete_option_set(set_id, actor=IDA)
    store.delete_scenario("Basis", actor=ADMIN)
    store.delete_run(legacy, actor=ADMIN)
    assert store.list_scenarios() == [] and store.list_runs() == []
    # only an administrator restores
    for who in (IDA, READER):
        with pytest.raises(PermissionDenied):
            store.restore("run", run_id, actor=who)


def test_restore_within_30_days_and_purge_after(store):
    _saved(store, IDA, "Gammel")
    _saved(store, IDA, "Nyere")
    old_set = store.save_option_set("Gammelt", "gammelt.csv", premises(), actor=IDA)
    old_run = store.start_run(scenario(), DATA_HASH, owner="Ida")
    store.finish_run(old_run, {"kpis": premises()})
    kept_run = store.start_run(scenario(), DATA_HASH, owner="Ida")
    store.delete_scenario("Gammel", actor=IDA)
    store.delete_scenario("Nyere", actor=IDA)
    store.delete_option_set(old_set, actor=IDA)
    store.delete_run(old_run, actor=IDA)
    store.delete_run(kept_run, actor=IDA)
    with store.reading() as session:
        ids = dict(session.execute(select(ScenarioRow.name, ScenarioRow.id)).all())
    age(store, ScenarioRow, ids["Gammel"], 31)
    age(store, OptionSet, old_set, 30.5)
    age(store, RunRow, old_run, 45)
    age(store, ScenarioRow, ids["Nyere"], 29)
    with pytest.raises(RestoreExpired) as expired:
        store.restore("scenario", ids["Gammel"], actor=ADMIN)
    assert "for mere end 30 dage siden" in expired.value.message("da")
    assert "more than 30 days ago" in expired.value.message("en")

    assert store.purge() == {"scenario": 1, "run": 1, "option_set": 1}
    assert store.purge() == {"scenario": 0, "run": 0, "option_set": 0}
    with store.reading() as session:
        assert set(session.scalars(select(ScenarioRow.name))) == {"Nyere"}
        # the database removed the purged scenario's versions and the run's tables
        assert session.scalar(select(func.count()).select_from(ScenarioVersion)) == 1
        assert session.scalar(select(func.count()).select_from(RunTable)) == 0
        assert set(session.scalars(select(RunRow.id))) == {kept_run}
        assert session.scalar(select(func.count()).select_from(OptionSet)) == 0
    purged = [e for e in store.audit_log(limit=None) if e.action == "purge"]
    assert {(e.actor, e.target) for e in purged} == {
        ("system", "scenario:Gammel"),
        ("system", f"option_set:{old_set}"),
        ("system", f"run:{old_run}"),
    }
    assert {d.label for d in store.deleted_items(actor=ADMIN)} == {"Nyere", f"#{kept_run} Basis"}
    assert store.restore("scenario", ids["Nyere"], actor=ADMIN) == "Nyere"
    # the purged name is free again
    assert store.save_scenario(scenario("Gammel"), actor=BO, data_hash=DATA_HASH).version == 1


def test_python_m_store_purge(tmp_path):
    url = f"sqlite:///{tmp_path}/purge.sqlite"
    store = open_store(url)
    try:
        _saved(store, IDA, "Gammel")
        store.delete_scenario("Gammel", actor=IDA)
        with store.reading() as session:
            (scenario_id,) = session.scalars(select(ScenarioRow.id)).all()
        age(store, ScenarioRow, scenario_id, 40)
    finally:
        store.close()
    done = subprocess.run(
        [sys.executable, "-m", "store", "purge", "--url", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "scenario: 1, run: 0, option_set: 0"
    store = open_store(url)
    try:
        assert store.deleted_items(actor=ADMIN) == []
        (entry,) = [e for e in store.audit_log(limit=None) if e.action == "purge"]
        assert entry.actor.endswith("(python -m store purge)")
    finally:
        store.close()


# ---- the app: who acts, and what the pages offer ----------------------------------------

APP = str(ROOT / "app.py")
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-cookie-secret-for-tests",
    "client_id": "kapacitet",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}


def run_app(at: AppTest, page: str | None = None) -> AppTest:
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def login_app(user: dict, auth: dict | None = None) -> AppTest:
    """The app with an identity provider configured and ``user`` as st.user."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = dict(AUTH if auth is None else auth)
    at.user = dict(user)
    return run_app(at)


def signed_in(subject: str, name: str, email: str) -> dict:
    return {"is_logged_in": True, "sub": subject, "name": name, "email": email}


def texts(at: AppTest, kind: str) -> list[str]:
    return [element.value for element in getattr(at, kind)]


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def test_apptest_runs_as_the_local_administrator():
    import getpass

    at = run_app(AppTest.from_file(APP, default_timeout=120))
    local = [c for c in texts(at, "caption") if "Kun på denne computer" in c]
    assert local and f"**{getpass.getuser()}** (administrator)" in local[0]
    assert "Log ud" not in buttons(at)
    at = run_app(at, "ui/pages/admin.py")
    assert texts(at, "title") == ["Administration"]
    assert {"Brugere og roller", "Revisionsspor", "Slettet arbejde"} <= set(texts(at, "subheader"))


def test_with_login_nothing_is_shown_before_sign_in():
    at = login_app({"is_logged_in": False})
    assert texts(at, "title") == ["Kapacitetssimulatoren"]
    assert "Log ind" in buttons(at)
    assert not at.metric and not at.dataframe and not at.subheader
    at = run_app(at, "ui/pages/compare.py")  # a page's address: still only the sign-in
    assert texts(at, "title") == ["Kapacitetssimulatoren"] and not at.dataframe
    # an [auth] section without what st.login needs: refused, naming what is missing
    at = login_app({"is_logged_in": False}, {"client_id": "kapacitet"})
    (message,) = texts(at, "error")
    shown = message.replace("\\", "")  # the names are escaped Markdown: shown as typed
    assert "redirect_uri, cookie_secret, client_secret, server_metadata_url" in shown
    assert not at.title and "Log ind" not in buttons(at)


def test_a_reader_sees_their_role_and_is_offered_only_what_a_reader_may():
    subject = f"sub-rita-{time.time_ns()}"
    at = login_app(signed_in(subject, "Rita Læser", f"{subject}@kk.dk"))
    assert "Logget ind som **Rita Læser** (læser)" in texts(at, "markdown")
    assert "Log ud" in buttons(at)
    assert open_store().user(subject).role == "reader"
    assert [e.action for e in open_store().audit_log(actor="Rita Læser")] == ["login"]

    at = run_app(at, "ui/pages/scenario.py")
    assert "Gem scenarie" not in buttons(at)
    (info,) = [i for i in texts(at, "info") if "gemme" in i]
    assert "hente scenariet som fil" in info and "rollen læser og må ikke gemme" in info
    at = run_app(at, "ui/pages/premises.py")
    assert not at.get("file_uploader")
    assert any("rollen læser og må ikke indlæse filer" in i for i in texts(at, "info"))
    at = run_app(at, "ui/pages/results.py")
    assert "Kør" not in buttons(at)
    assert any("må ikke starte kørsler" in i for i in texts(at, "info"))
    at = run_app(at, "ui/pages/sensitivity.py")
    assert "Start analysen" not in buttons(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(ROOT / "ui/pages/admin.py"))  # not among a reader's pages

    # an administrator makes Rita a planner: the next run of her page offers saving,
    # and what she saves is hers
    open_store().set_role(subject, "planner", actor=ADMIN, admin_emails=[])
    at = run_app(at, "ui/pages/scenario.py")
    assert "Logget ind som **Rita Læser** (planlægger)" in texts(at, "markdown")
    name = f"Ritas scenarie {time.time_ns()}"
    at.session_state["draft"]["name"] = name
    at.session_state["draft_version"] += 1
    run_app(at)
    next(b for b in at.button if b.label == "Gem scenarie").click().run()
    assert any(f"Gemt som '{name}', version 1." in s for s in texts(at, "success"))
    assert [v.author for v in open_store().scenario_versions(name)] == ["Rita Læser"]
    # and only her own work has a delete button; an administrator's has none for her
    open_store().save_scenario(scenario(f"Anes {name}"), actor=ADMIN, data_hash=DATA_HASH)
    run_app(at)
    assert "Slet det gemte scenarie" in buttons(at)
    at.selectbox[0].set_value(f"saved:Anes {name}")
    run_app(at)
    assert "Slet det gemte scenarie" not in buttons(at)


@pytest.mark.parametrize("who", [READER, IDA])
def test_the_administration_page_itself_refuses_anyone_but_an_administrator(who):
    """Were the page reached without the navigation, it still shows nothing of its own."""
    at = AppTest.from_file(str(ROOT / "ui/pages/admin.py"), default_timeout=60)
    at.session_state["_auth_actor"] = who
    run_app(at)
    assert texts(at, "title") == ["Administration"]
    (refusal,) = texts(at, "info")
    assert f"Du har rollen {_da(who.role)} og må ikke administrere brugere og roller" in refusal
    assert not at.dataframe and not at.subheader and not at.button


def test_the_administration_page_changes_roles_filters_the_trail_and_restores():
    store = open_store()
    subject = f"sub-per-{time.time_ns()}"
    per = store.sign_in(subject, f"Per {subject}", f"{subject}@kk.dk", admin_emails=[])
    name = f"Pers scenarie {time.time_ns()}"
    store.save_scenario(
        scenario(name), actor=Actor(subject, per.name, "planner"), data_hash=DATA_HASH
    )
    store.delete_scenario(name, actor=ADMIN)
    at = run_app(AppTest.from_file(APP, default_timeout=120), "ui/pages/admin.py")
    users = next(df.value for df in at.dataframe if "Sidst logget ind" in df.value.columns)
    assert per.name in set(users["Navn"])
    at.selectbox(key="admin-user").set_value(subject)
    run_app(at)
    at.selectbox(key=f"admin-role-{subject}").set_value("planner")
    next(b for b in at.button if b.label == "Giv rollen").click()
    run_app(at)
    assert any(f"{per.name} har nu rollen planlægger." in s for s in texts(at, "success"))
    assert store.user(subject).role == "planner"

    at.selectbox(key="admin-audit-who-da").set_value(per.name)
    run_app(at)
    trail = next(df.value for df in at.dataframe if "Handling" in df.value.columns)
    assert set(trail["Hvem"]) == {per.name}
    assert list(trail["Handling"]) == ["gemte", "loggede ind"], "newest first"
    assert "rolle: " in trail["Detaljer"].iloc[1], "details in words"
    assert not any("{" in d for d in trail["Detaljer"]), "not JSON"

    deleted = next(df.value for df in at.dataframe if "Kan gendannes til" in df.value.columns)
    assert name in set(deleted["Navn"])
    (item,) = [d for d in store.deleted_items(actor=ADMIN) if d.label == name]
    at.selectbox(key="admin-restore-pick").set_value(f"scenario:{item.item_id}")
    next(b for b in at.button if b.label == "Gendan").click()
    run_app(at)
    assert any(f"'{name}' er gendannet." in s for s in texts(at, "success"))
    assert name in {s.name for s in store.list_scenarios()}


def test_delete_buttons_where_the_work_is_listed():
    from tests.functional.test_saved_runs import save_run, short

    store = open_store()
    stamp = time.time_ns()
    name = f"Slet mig {stamp}"
    store.save_scenario(scenario(name), actor=IDA, data_hash=DATA_HASH)
    set_id = store.save_option_set(f"Sæt {stamp}", "kandidater.csv", premises(), actor=IDA)
    at = run_app(AppTest.from_file(APP, default_timeout=120), "ui/pages/scenario.py")
    at.selectbox[0].set_value(f"saved:{name}")
    run_app(at)
    next(b for b in at.button if b.label == "Slet det gemte scenarie").click()
    run_app(at)
    assert any(f"Scenariet '{name}' er slettet" in s for s in texts(at, "success"))
    assert name not in {s.name for s in store.list_scenarios()}

    at = run_app(at, "ui/pages/premises.py")
    at.selectbox(key="option-set").set_value(set_id)
    run_app(at)
    next(b for b in at.button if b.label == "Slet lokalitetssættet").click()
    run_app(at)
    assert any(f"Lokalitetssættet 'Sæt {stamp}' er slettet" in s for s in texts(at, "success"))
    assert set_id not in {s.id for s in store.list_option_sets()}

    run_id = save_run(store, short(f"Kørsel {stamp}"))
    at = run_app(at, "ui/pages/compare.py")
    at.selectbox(key="delete-run-pick").set_value(run_id)
    run_app(at)
    next(b for b in at.button if b.label == "Slet kørslen").click()
    run_app(at)
    assert any(f"Kørsel {run_id} er slettet" in s for s in texts(at, "success"))
    assert run_id not in {r.id for r in store.list_runs()}
    assert {d.kind for d in store.deleted_items(actor=ADMIN)} >= {"scenario", "option_set", "run"}


# ---- ./run.sh: where it listens --------------------------------------------------------


def listen(env: dict, secrets: str | None, tmp_path) -> subprocess.CompletedProcess:
    """``python -m ui.auth address`` (what ./run.sh asks) in a project copy's folder with
    ``secrets`` as its .streamlit/secrets.toml."""
    folder = tmp_path / "project"
    (folder / ".streamlit").mkdir(parents=True)
    if secrets is not None:
        (folder / ".streamlit" / "secrets.toml").write_text(secrets)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KAPACITET_LISTEN")}
    return subprocess.run(
        [sys.executable, "-m", "ui.auth", "address"],
        cwd=folder,
        env={**clean, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_run_sh_listens_on_this_computer_unless_login_is_configured(tmp_path):
    done = listen({}, None, tmp_path / "a")
    assert (done.returncode, done.stdout.strip()) == (0, "127.0.0.1")
    opened = {"KAPACITET_LISTEN_ADDRESS": "0.0.0.0"}
    done = listen(opened, None, tmp_path / "b")
    assert done.returncode == 2 and done.stdout == ""
    assert "KAPACITET_LISTEN_ADDRESS=0.0.0.0 åbner appen for netværket" in done.stderr
    assert "Without login the app runs only on this computer" in done.stderr
    partly = '[auth]\nclient_id = "kapacitet"\n'
    done = listen(opened, partly, tmp_path / "c")
    assert done.returncode == 2 and "mangler redirect_uri" in done.stderr
    full = "[auth]\n" + "".join(f'{key} = "{value}"\n' for key, value in AUTH.items())
    done = listen(opened, full, tmp_path / "d")
    assert (done.returncode, done.stdout.strip()) == (0, "0.0.0.0"), done.stderr
    run_sh = (ROOT / "run.sh").read_text()
    assert "-m ui.auth address" in run_sh and '--server.address "$address"' in run_sh
