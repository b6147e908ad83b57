"""Who is using the app, and what their role lets them do.

Two modes, decided by Streamlit's secrets (``.streamlit/secrets.toml``, or the files
``--secrets.files`` names):

* **Login** — an ``[auth]`` section (OpenID Connect, the municipality's Entra ID; see
  ``.streamlit/secrets.example.toml``). Nothing but the sign-in page is shown before
  ``st.login``; a signed-in user is recorded in the store (``users``) and acts with the
  role held there (a new user is a reader; see :mod:`store.users` for the first
  administrator).
* **Local** — no ``[auth]``: a one-person tool on this computer. The page is served only
  when the server listens on a loopback address (``./run.sh`` binds to 127.0.0.1) and the
  browser connects from this computer; the one local user is an administrator named
  after the operating-system user.

:func:`gate` runs at the top of ``app.py`` on every script run and leaves the acting
:class:`~store.access.Actor` where pages find it (:func:`actor`). Pages ask
:func:`allowed` before they offer an action; the store and the run registry check the
role again themselves.

``python -m ui.auth address`` prints the address ``./run.sh`` listens on: 127.0.0.1,
or the setting ``listen_address`` (``KAPACITET_LISTEN_ADDRESS``) — which it refuses, with
exit code 2, unless login is configured.
"""

from __future__ import annotations

import getpass
import logging
import sys

import streamlit as st
from streamlit import config

from sim.inputs.settings import setting
from sim.text.catalogue import text
from store.access import Actor, PermissionDenied, may_delete
from store.api import open_store
from store.errors import StoreError, StoreUnavailable
from store.users import admin_emails, role_name
from ui import keys
from ui.i18n import escape_markdown, lang, t
from ui.options import store

# what Streamlit's st.login needs in [auth] for the default (unnamed) provider
REQUIRED = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# The shipped baseline the overview computes for everyone on first visit: the app's own
# run, not a user's (one per server, shared by the run registry's key).
SYSTEM = Actor("system", "Kapacitetssimulatoren", "planner")


def auth_settings() -> dict:
    """The ``[auth]`` section of Streamlit's secrets (empty when there is none)."""
    if not st.secrets.load_if_toml_exists():
        return {}
    section = st.secrets.get("auth")
    if not section:
        return {}
    return section.to_dict() if hasattr(section, "to_dict") else dict(section)


def login_configured() -> bool:
    """Whether an identity provider is configured (an ``[auth]`` section exists)."""
    return bool(auth_settings())


def missing_auth_keys() -> list[str]:
    """The settings ``st.login`` needs that ``[auth]`` lacks."""
    section = auth_settings()
    return [key for key in REQUIRED if not str(section.get(key) or "").strip()]


def local_only() -> bool:
    """Whether this server listens only on a loopback address and the browser is on this
    computer (AppTest, which has no server, counts as local)."""
    if config.get_option("global.appTest"):  # AppTest sets it (config's, not st's getter)
        return True
    listening = config.get_option("server.address") or ""
    return listening in LOOPBACK and st.context.ip_address is None


def local_actor() -> Actor:
    """The one user of the app without login: an administrator named after the OS user."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "lokal"
    return Actor(f"local:{name}", name, "administrator")


def gate() -> Actor:
    """Establish who acts in this script run, or show only the sign-in page (or why the
    app refuses) and stop. Call before any page content."""
    if login_configured():
        missing = missing_auth_keys()
        if missing:
            st.error(t("auth.misconfigured", keys=", ".join(missing)))
            st.stop()
        if not st.user.is_logged_in:
            _login_page()
            st.stop()
        current = _signed_in()
    else:
        if not local_only():
            st.error(t("auth.network_refused"))
            st.stop()
        current = local_actor()
    st.session_state[keys.ACTOR] = current
    return current


def _login_page() -> None:
    st.title(t("auth.login_title"))
    st.write(t("auth.login_intro"))
    if st.button(t("auth.login"), type="primary", icon=":material/login:"):
        st.login()


def _signed_in() -> Actor:
    """The signed-in user with the role the store holds for them (recorded as signed in
    once per session; the role is read afresh on every run, so a change applies at once)."""
    claims = st.user.to_dict()
    subject = str(claims.get("sub") or "").strip()
    if not subject:
        st.error(t("auth.no_subject"))
        st.stop()
    # an address the provider says is unverified is not used to match admin_emails
    email = "" if claims.get("email_verified") is False else str(claims.get("email") or "")
    name = str(claims.get("name") or "")
    info = store().user(subject) if st.session_state.get(keys.SIGNED_IN) == subject else None
    if info is None:
        info = store().sign_in(subject, name, email)
        st.session_state[keys.SIGNED_IN] = subject
    return info.actor


def actor() -> Actor:
    """Who acts in this script run (set by :func:`gate` in ``app.py``)."""
    return st.session_state[keys.ACTOR]


def user_box(current: Actor) -> None:
    """The sidebar's line on who is signed in, and the sign-out button."""
    if not login_configured():
        st.caption(":material/computer: " + t("auth.local", name=current.name))
        return
    st.markdown(t("auth.signed_in", name=current.name, role=role_name(current.role, lang())))
    if st.button(t("auth.logout"), icon=":material/logout:", key="logout"):
        st.session_state.pop(keys.SIGNED_IN, None)
        st.logout()


def allowed(action: str, instead: str | None = None) -> bool:
    """Whether the acting user may ``action``; if not, say so (and, with ``instead``, a
    key of what they may do instead) where the action would have been."""
    current = actor()
    if current.may(action):
        return True
    text = PermissionDenied(current, action).message(lang())
    st.info(t(instead) + " " + text if instead else text, icon=":material/lock:")
    return False


def refused(error: PermissionDenied) -> None:
    """Show a refusal the store or the run registry raised."""
    st.error(escape_markdown(error.message(lang())))


def delete_button(label: str, owner: str | None, delete, done: str, key: str) -> None:
    """A button that deletes work owned by ``owner``, shown only to who may delete it
    (its owner, a planner, or an administrator); ``delete(actor)`` does it, and ``done``
    is said on the next run (:func:`say_done`)."""
    current = actor()
    if not may_delete(current, owner):
        return
    if st.button(label, icon=":material/delete:", key=key):
        try:
            delete(current)
        except StoreError as error:
            st.error(escape_markdown(error.message(lang())))
            return
        st.session_state[keys.DONE] = done
        st.rerun()


def say_done() -> None:
    """Say what the last delete did (once, at the top of the page)."""
    done = st.session_state.pop(keys.DONE, None)
    if done:
        st.success(done)


@st.cache_resource(ttl=3600, show_spinner=False)
def _purged(url: str) -> dict:
    opened = open_store(url)
    try:
        retired = opened.retire_old_runs()
    except ValueError:  # run_retention_days is not a number: python -m store says so
        logging.getLogger(__name__).exception("old runs are kept")
        retired = 0
    return {**opened.purge(), "retired_runs": retired}


def purge_deleted() -> dict:
    """Delete runs older than the setting run_retention_days and purge what was deleted
    more than 30 days ago (when the app opens the store, then at most once an hour per
    server process). A store that cannot be used is left alone: the pages that need it
    say why."""
    try:
        url = open_store().url
    except StoreUnavailable:
        return {}
    return _purged(url)


def admin_list() -> str:
    """The addresses of the setting admin_emails, for the Administration page."""
    return ", ".join(sorted(admin_emails())) or "—"


def listen_address() -> str:
    """The address ``./run.sh`` listens on; :class:`SystemExit` (2) with a message when
    the setting opens it to the network without login."""
    wanted = (setting("listen_address") or "127.0.0.1").strip()
    if wanted in LOOPBACK:
        return wanted
    missing = missing_auth_keys() if login_configured() else list(REQUIRED)
    if missing:
        keys = ", ".join(missing)
        partly = login_configured()
        for language in ("da", "en"):  # on the terminal: both languages
            missing_text = text("auth.listen_missing", language, keys=keys) if partly else ""
            print(
                text("auth.listen_refused", language, address=wanted, missing=missing_text),
                file=sys.stderr,
            )
        raise SystemExit(2)
    return wanted


if __name__ == "__main__":
    if sys.argv[1:] != ["address"]:
        print("usage: python -m ui.auth address", file=sys.stderr)
        raise SystemExit(2)
    print(listen_address())
