"""The response headers a municipal security review asks for, and no public metrics.

Streamlit 1.67 serves the app with Starlette (on uvicorn); it has no setting for extra
response headers, and it always serves ``/_stcore/metrics`` (cache and session counts,
unauthenticated). Its own way to add to the server is ``st.App`` with ASGI middleware,
which ``serve.py`` uses: :class:`SecurityHeaders` wraps every HTTP response (pages,
scripts, media, uploads, health) and answers ``/_stcore/metrics`` with 404.

What only the deployment can do (TLS, HSTS, who may reach the server at all) is in the
README, section "Login and roles".
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from streamlit import config

HEADERS = {
    # no other site may show the app in a frame (clickjacking); the app's own frames
    # (Streamlit components) are from the same origin
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    # addresses (which may name a scenario or page) are not sent to other sites; same-site
    # requests keep theirs, and the Origin header Streamlit checks is not affected
    "Referrer-Policy": "same-origin",
}
HIDDEN = ("_stcore/metrics",)  # served by Streamlit to anyone; not here


def _hidden(path: str) -> bool:
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    for route in HIDDEN:
        hidden = "/" + "/".join(part for part in (base, route) if part)
        if path.rstrip("/") == hidden or path.startswith(hidden + "/"):
            return True
    return False


class SecurityHeaders:
    """ASGI middleware: :data:`HEADERS` on every HTTP response, 404 for :data:`HIDDEN`."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":  # the WebSocket and the lifespan pass as they are
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name == "Content-Security-Policy" and name in headers:
                        headers[name] = f"{headers[name]}; {value}"
                    else:
                        headers[name] = value
            await send(message)

        if _hidden(scope["path"]):
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
