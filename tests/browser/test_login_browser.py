"""The real login flow, offline: Chromium against a real ``streamlit run serve.py`` with a
generated secrets file, signing in at a local OpenID Connect provider started here
(``oidc-provider-mock``, on localhost).

A reader signs in, sees their name and role and their pages, is refused saving (by the
page, and by the store when called directly with their identity), and signs out; the
administrator named by ``admin_emails`` gives them the planner role on the Administration
page, after which they save under their own name. Also: nothing but the sign-in page
before signing in, the security headers, no public metrics, and no page at all without
login on an address other than this computer's.
"""

from __future__ import annotations

import re
import secrets
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browsers import free_port, start_server, stop_server, wait_until_idle

RITA = ("rita", "rita@kk.dk", "Rita Læser")
ANE = ("ane", "ane@kk.dk", "Ane Admin")  # an administrator by admin_emails
LOCAL_HOSTS = {"localhost", "127.0.0.1", "127.0.0.2", "[::1]", "::1"}


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub=sub, claims={"email": mail, "name": name}) for sub, mail, name in (RITA, ANE)]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def app(provider, tmp_path_factory):
    """The app with login configured: its URL and its database's URL."""
    folder = tmp_path_factory.mktemp("login")
    port = free_port()
    url = f"http://localhost:{port}"
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "kapacitetssimulatoren"\n'
        f'client_secret = "{secrets.token_urlsafe(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    database = f"sqlite:///{folder}/app.sqlite"
    process = start_server(
        ["serve.py", "--server.port", str(port), "--server.address", "127.0.0.1"]
        + ["--secrets.files", str(secrets_file)],
        {"KAPACITET_DATABASE_URL": database, "KAPACITET_ADMIN_EMAILS": ANE[1]},
        f"http://127.0.0.1:{port}",
    )
    yield url, database
    stop_server(process)


@pytest.fixture
def page(browser):
    """A fresh browser profile (no cookies) that sends nothing off this computer: the
    provider's pages name a stylesheet on a CDN, which is refused and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def only_here(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS | {"localhost"}:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    page = context.new_page()
    page.outside = outside
    yield page
    assert all(urlsplit(u).hostname == "cdn.jsdelivr.net" for u in outside), outside
    context.close()


def sign_in(page, url: str, subject: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Log ind").click()
    # the provider's sign-in page: pick the user
    page.get_by_role("button", name=subject, exact=True).click(timeout=60_000)
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=60_000)


def sign_out(page, url: str) -> None:
    page.get_by_role("button", name="Log ud").click()
    # the provider asks to end its session too, then sends the browser back to the app
    page.get_by_role("button", name="End session").click(timeout=60_000)
    page.get_by_role("button", name="Log ind").wait_for(timeout=60_000)
    assert page.url.startswith(url)


def nav(page):
    return page.locator('[data-testid="stSidebarNav"]')


def test_nothing_but_the_sign_in_page_before_sign_in_and_the_headers(app, page):
    url, _ = app
    response = page.goto(url + "/compare")
    page.get_by_role("button", name="Log ind").wait_for(timeout=60_000)
    page.get_by_text("Log ind med din arbejdskonto").wait_for()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.get_by_text("Sammenlign", exact=True).count() == 0
    headers = response.headers
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["content-security-policy"] == "frame-ancestors 'self'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    script = page.locator("script[src]").first.get_attribute("src")
    with urllib.request.urlopen(url + "/" + script.lstrip("./"), timeout=10) as answer:
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "/_stcore/metrics?families=x"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + path, timeout=10)
        assert refused.value.code == 404, path
        assert refused.value.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_a_reader_signs_in_is_refused_saving_and_signs_out(app, page):
    from store import open_store
    from store.access import PermissionDenied
    from tests.app.test_auth import scenario

    url, database = app
    sign_in(page, url, RITA[0])
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Rita Læser").wait_for(timeout=30_000)
    assert "(læser)" in sidebar.inner_text()
    assert "Scenarie" in nav(page).inner_text() and "Administration" not in nav(page).inner_text()

    nav(page).get_by_text("Scenarie").click()
    page.get_by_text("Gem og del").wait_for(timeout=60_000)
    page.get_by_text("Du har rollen læser og må ikke gemme scenarier").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Gem scenarie").count() == 0

    # the store itself refuses her save, called directly with her identity
    store = open_store(database)
    rita = store.user(RITA[0])
    assert (rita.name, rita.email, rita.role) == ("Rita Læser", "rita@kk.dk", "reader")
    with pytest.raises(PermissionDenied) as refused:
        store.save_scenario(scenario("Ritas"), actor=rita.actor, data_hash="x")
    assert "må ikke gemme scenarier" in refused.value.message("da")
    assert store.list_scenarios() == []
    assert ("Rita Læser", "login") in [(e.actor, e.action) for e in store.audit_log()]

    sign_out(page, url)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``label``."""
    label_element = page.locator("label").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    box = page.locator('[data-testid="stSelectbox"]').filter(has=label_element)
    expect(box).to_have_count(1, timeout=30_000)  # a rerun's stale box has gone
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)  # the rerun it starts has begun …
    wait_until_idle(page)  # … and is over before the next click


def test_the_administrator_makes_the_reader_a_planner_who_then_saves(app, browser, page):
    from store import open_store

    url, database = app
    store = open_store(database)
    store.sign_in(RITA[0], RITA[2], RITA[1], admin_emails=[])  # she has been here before
    sign_in(page, url, ANE[0])
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Ane Admin").wait_for(timeout=30_000)
    assert "(administrator)" in sidebar.inner_text()
    nav(page).get_by_text("Administration").click()
    page.get_by_text("Brugere og roller").wait_for(timeout=60_000)
    choose(page, "Bruger", "Rita Læser")  # the role box follows the chosen user
    choose(page, "Rolle", "planlægger")
    page.get_by_role("button", name="Giv rollen").click()
    page.get_by_text("Rita Læser har nu rollen planlægger.").wait_for(timeout=30_000)
    assert store.user(RITA[0]).role == "planner"
    changes = [e for e in store.audit_log() if e.action == "role" and e.actor == "Ane Admin"]
    assert changes and changes[0].detail["to"] == "planner"
    sign_out(page, url)

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname in LOCAL_HOSTS
            else route.abort()
        ),
    )
    rita = context.new_page()
    try:
        sign_in(rita, url, RITA[0])
        rita.locator('[data-testid="stSidebar"]').get_by_text("(planlægger)").wait_for()
        nav(rita).get_by_text("Scenarie").click()
        rita.get_by_role("button", name="Gem scenarie").click(timeout=60_000)
        rita.get_by_text("Gemt som 'Basis', version 1.").wait_for(timeout=30_000)
    finally:
        context.close()
    assert [v.author for v in store.scenario_versions("Basis")] == ["Rita Læser"]


def test_without_login_no_page_on_an_address_other_than_this_computers(browser):
    port = free_port()
    url = f"http://127.0.0.2:{port}"
    process = start_server(
        ["app.py", "--server.port", str(port), "--server.address", "127.0.0.2"], {}, url
    )
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        page.get_by_text("Uden login kan Kapacitetssimulatoren kun bruges").wait_for(timeout=60_000)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        assert page.get_by_text("Sammenlægning af hjemme- og sygepleje").count() == 0
        context.close()
    finally:
        stop_server(process)
