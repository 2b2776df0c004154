"""Serving the built portal on localhost, with live reload and a banner for a broken build.

Every HTML page gets a small script before ``</body>`` that polls ``/__sopkit__/status``
and reloads the page when a build has finished (nothing is downloaded from elsewhere).
When the last build failed, the page also gets a banner listing its errors, worded by the
locale catalog of the knowledge base and escaped (content is data). Files are read from
the output folder at every request, so the folder a build swaps in is served at once.
"""
from __future__ import annotations

import html
import json
import re
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..i18n import Labels
from .state import BuildState

STATUS_PATH = "/__sopkit__/status"
BANNER_ID = "sopkit-serve-banner"
SHOWN_PROBLEMS = 20   # a broken org.yaml can cause hundreds; the terminal has them all
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
RELOAD_SCRIPT = """<script>(function () {
  var seen = %d;
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) { if (s.version !== seen) { location.reload(); }
                           else { setTimeout(poll, 1000); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();</script>"""
_BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
# In the flow above the page, not floating over it: the portal's header and navigation stay
# usable, and the page's own font (a CJK one) is inherited.
BANNER_STYLE = ("position:relative;z-index:10000;max-height:40vh;overflow:auto;"
                "background:#b71c1c;color:#fff;padding:.8em 1.2em;font-size:14px;"
                "line-height:1.5")


def banner(state: BuildState) -> str:
    """The banner of a failed build, or "" when the last build succeeded."""
    status = state.as_json()
    if status["state"] != "failed":
        return ""
    t = Labels(state.locale)
    items = "".join(f"<li><code>{html.escape(p['where'])}</code> {html.escape(p['message'])}"
                    f"</li>" for p in status["problems"][:SHOWN_PROBLEMS])
    more = len(status["problems"]) - SHOWN_PROBLEMS
    rest = f"<li>{html.escape(t('serve_more_problems', count=more))}</li>" if more > 0 else ""
    return (f'<div id="{BANNER_ID}" role="alert" style="{BANNER_STYLE}">'
            f"<strong>{html.escape(t('serve_build_failed'))}</strong> "
            f"{html.escape(t('serve_last_good_kept'))}"
            f'<ul style="margin:.4em 0 0 1.2em;padding:0">{items}{rest}</ul></div>')


def with_live_reload(page: str, state: BuildState) -> str:
    """The page with the banner (if any) first in its body and the reload script last."""
    script = RELOAD_SCRIPT % (state.as_json()["version"], STATUS_PATH)
    ends = list(_BODY_END.finditer(page))
    page = page[:ends[-1].start()] + script + page[ends[-1].start():] if ends else page + script
    start = _BODY_START.search(page)
    cut = start.end() if start else 0
    return page[:cut] + banner(state) + page[cut:]


def placeholder(state: BuildState) -> str:
    """What is served before the first build succeeded."""
    t = Labels(state.locale)
    return (f'<!doctype html><html lang="{html.escape(state.locale)}"><head>'
            f'<meta charset="utf-8"><title>sopkit serve</title></head><body>'
            f"<p>{html.escape(t('serve_first_build'))}</p></body></html>")


class Handler(SimpleHTTPRequestHandler):
    state: BuildState   # set by make_server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.split("?")[0] == STATUS_PATH:
            self._send(json.dumps(self.state.as_json()).encode(), "application/json")
            return
        page = self._html_file()
        if page is None:
            super().do_GET()
            return
        text = page.read_text(encoding="utf-8", errors="replace")
        self._send(with_live_reload(text, self.state).encode("utf-8"), "text/html; charset=utf-8")

    def _html_file(self) -> Path | None:
        site = Path(self.directory)
        if not site.is_dir():   # no good build yet
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        if code == HTTPStatus.NOT_FOUND and not Path(self.directory).is_dir():
            self._send(with_live_reload(placeholder(self.state), self.state).encode("utf-8"),
                       "text/html; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE)
            return
        super().send_error(code, message, explain)

    def _send(self, body: bytes, kind: str, status: int = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        # Every answer is fresh: a rebuilt file must never come from the browser's cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the terminal is for the builds' problems, not for every request


def make_server(host: str, port: int, site: Path, state: BuildState) -> ThreadingHTTPServer:
    """Bound and listening (OSError when the port is taken); serve_forever() to answer."""
    handler = type("SopkitHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(site)))
    server.daemon_threads = True
    return server
