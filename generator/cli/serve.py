"""`sopkit serve`: build, serve the portal on localhost with live reload, rebuild on save."""
from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from pathlib import Path

import click

from ..build import build_target
from ..office import SOCKET_ENV, OfficeServer
from ..output_dir import check_folder
from ..serve.rebuild import Rebuilder
from ..serve.server import make_server
from ..serve.session import serve_forever, watched
from ..serve.state import BuildState
from .options import default_out, jobs_option, sops_option, today_option
from .report import Reporter


def _echo(text: str) -> None:
    click.echo(text, err=True)


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt  # `kill` ends the server as cleanly as Ctrl-C


@click.command()
@sops_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: dist/ beside the knowledge base).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on; the default is reachable from this machine only.")
@today_option
@jobs_option
def serve(sops: Path, out: Path | None, port: int, host: str, today,
          jobs: int | None) -> None:
    """Build, serve the portal with live reload, and rebuild on every save (Ctrl-C stops)."""
    # Ctrl-C stops it even when it was started with SIGINT ignored, as a non-interactive
    # shell starts its background jobs (`sopkit serve &` in a script, or a CI step):
    # Python then keeps the signal ignored and the server could only be killed.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    out = (out if out is not None else default_out(sops, "dist")).absolute()
    report = Reporter("serve")
    with report.failures():
        check_folder(build_target(out, sops))
    state = BuildState()
    try:
        server = make_server(host, port, out / "site", state)
    except OSError as exc:
        busy = exc.errno == errno.EADDRINUSE
        report.fail(f"port {port} on {host} is already in use: stop the program using it or "
                    "choose another with --port" if busy else
                    f"cannot serve on {host}:{port}: {exc.strerror}", exit_code=2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shown_host = f"[{host}]" if ":" in host else host
    _echo(f"serving {out / 'site'} at http://{shown_host}:{server.server_address[1]}/ "
          "(Ctrl-C to stop)")
    # One LibreOffice for every rebuild: each `sopkit build` child finds it through the
    # environment and lays the Word handbook out without starting one (generator/office/).
    office = OfficeServer.start()
    if office is not None:
        os.environ[SOCKET_ENV] = office.socket_path
    rebuilder = Rebuilder(sops, out, state, _echo, jobs, today)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve_forever(rebuilder, watched(sops), _echo)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while stopping
        rebuilder.stop()
    finally:
        server.shutdown()
        server.server_close()
        if office is not None:
            office.close()
    _echo("stopped")
    sys.exit(0)
