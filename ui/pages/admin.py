"""Administration: users and their roles, the audit trail, and deleted work to restore.
Only for administrators (the page says no to anyone else, and the store checks again)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sim.text.catalogue import CATALOGUE
from store.access import PermissionDenied
from store.errors import StoreError
from store.models import ROLES
from store.users import role_name
from ui import keys
from ui.auth import actor, admin_list, allowed
from ui.i18n import date, escape_markdown, lang, t, t_plain
from ui.options import store

st.title(t("admin.title"))
if not allowed("manage_users"):
    st.stop()
me = actor()
done = st.session_state.pop(keys.ADMIN_DONE, None)  # what the last click did, after its rerun
if done:
    st.success(done)


def when(value) -> str:
    if value is None:
        return "—"
    local = value.astimezone()
    return f"{date(local.date())} {local:%H:%M}"


def what(target: str) -> str:
    """``scenario:Basis`` in the user's words: ``scenarie Basis``."""
    kind, _, rest = target.partition(":")
    return f"{t('kind.' + kind)} {rest}" if kind in KINDS else target


KINDS = ("scenario", "run", "option_set", "user")


def detail_value(key: str, value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return t_plain("admin.yes" if value else "admin.no")
    if key in ("from", "to", "role") and value in ROLES:
        return role_name(value, lang())
    if key == "kind" and value in KINDS:
        return t_plain("kind." + value)
    if key == "fidelity" and f"fidelity.{value}" in CATALOGUE:
        return t_plain(f"fidelity.{value}")
    return str(value)


def detail_text(detail: dict) -> str:
    """An entry's details in the user's words: ``fra: læser · til: planlægger``."""
    return " · ".join(
        f"{t_plain('audit.detail.' + key) if 'audit.detail.' + key in CATALOGUE else key}: "
        f"{detail_value(key, value)}"
        for key, value in sorted(detail.items())
    )


# ---- users and roles --------------------------------------------------------------------
st.subheader(t("admin.users"))
st.caption(t("admin.first_admin", emails=admin_list()))
users = store().list_users()
if not users:
    st.info(t("admin.no_users"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("col.name"): [u.name for u in users],
                t("col.email"): [u.email for u in users],
                t("col.role"): [role_name(u.role, lang()) for u in users],
                t("col.created"): [when(u.created_at) for u in users],
                t("col.last_login"): [when(u.last_login_at) for u in users],
            }
        ),
        hide_index=True,
        width="stretch",
        key="admin-users",
    )
    by_subject = {u.subject: u for u in users}
    cells = st.columns([3, 2, 2], vertical_alignment="bottom")
    subject = cells[0].selectbox(
        t("admin.user"),
        list(by_subject),
        format_func=lambda s: f"{by_subject[s].name} ({by_subject[s].email or s})",
        key="admin-user",
    )
    role = cells[1].selectbox(
        t("admin.role"),
        list(ROLES),
        index=list(ROLES).index(by_subject[subject].role),
        format_func=lambda r: role_name(r, lang()),
        key=f"admin-role-{subject}",
    )
    if cells[2].button(t("admin.set_role"), icon=":material/badge:", key="admin-set-role"):
        try:
            changed = store().set_role(subject, role, actor=me)
        except StoreError as error:
            st.error(escape_markdown(error.message(lang())))
        else:
            role_text = role_name(changed.role, lang())
            st.session_state[keys.ADMIN_DONE] = t(
                "admin.role_set", name=changed.name, role=role_text
            )
            st.rerun()

# ---- the audit trail --------------------------------------------------------------------
st.subheader(t("admin.audit"))
everyone = "\0everyone"
names = store().audit_actors()
who = st.selectbox(
    t("admin.audit_filter"),
    [everyone, *names],
    format_func=lambda n: t("admin.everyone") if n == everyone else (n or "—"),
    key=f"admin-audit-who-{lang()}",
)
entries = store().audit_log(actor=None if who == everyone else who, limit=500)
if not entries:
    st.info(t("admin.no_audit"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("col.when"): [when(e.at) for e in entries],
                t("col.who"): [e.actor for e in entries],
                t("col.action"): [t(f"audit.{e.action}") for e in entries],
                t("col.target"): [what(e.target) for e in entries],
                t("col.detail"): [detail_text(e.detail) for e in entries],
            }
        ),
        hide_index=True,
        width="stretch",
        key="admin-audit",
    )

# ---- deleted work -----------------------------------------------------------------------
st.subheader(t("admin.deleted"))
try:
    deleted = store().deleted_items(actor=me)
except PermissionDenied as error:
    st.error(escape_markdown(error.message(lang())))
    st.stop()
if not deleted:
    st.info(t("admin.no_deleted"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("col.kind"): [t(f"kind.{d.kind}") for d in deleted],
                t("col.name"): [d.label for d in deleted],
                t("col.owner"): [d.owner for d in deleted],
                t("col.deleted_at"): [when(d.deleted_at) for d in deleted],
                t("col.deleted_by"): [d.deleted_by for d in deleted],
                t("col.until"): [when(d.restorable_until) for d in deleted],
            }
        ),
        hide_index=True,
        width="stretch",
        key="admin-deleted",
    )
    by_key = {f"{d.kind}:{d.item_id}": d for d in deleted}
    cells = st.columns([5, 2], vertical_alignment="bottom")
    picked = cells[0].selectbox(
        t("admin.restore_pick"),
        list(by_key),
        format_func=lambda k: f"{t('kind.' + by_key[k].kind)}: {by_key[k].label}",
        key="admin-restore-pick",
    )
    if cells[1].button(t("admin.restore"), icon=":material/restore:", key="admin-restore"):
        item = by_key[picked]
        try:
            name = store().restore(item.kind, item.item_id, actor=me)
        except StoreError as error:
            st.error(escape_markdown(error.message(lang())))
        else:
            st.session_state[keys.ADMIN_DONE] = t("admin.restored", name=name)
            st.rerun()
