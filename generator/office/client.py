"""sopkit's side of the LibreOffice server (unoserver.py): start it, ask it, end it.

The server runs under the Python that has LibreOffice's ``uno`` module (``python3-uno``),
which is usually not sopkit's own; the two talk over a Unix socket in a private folder.
One server serves every LibreOffice job of a build (or of every rebuild of a `sopkit
serve`): LibreOffice starts once, with one profile, instead of once per document.

Nothing is left running: the server ends when the process that started it ends (its
standard input closes) or when that process calls ``close()``.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from .. import store
from ..errors import SetupError

SERVER_SCRIPT = Path(__file__).with_name("unoserver.py")
# Where the server's address is handed to the processes that use it (a build's workers,
# the builds a `sopkit serve` starts).
SOCKET_ENV = "SOPKIT_OFFICE_SOCKET"
# Set to 0 to use a new `soffice --convert-to` process for each job (today's way).
SERVER_ENV = "SOPKIT_OFFICE_SERVER"
UNO_PYTHON_ENV = "SOPKIT_UNO_PYTHON"
START_TIMEOUT_S = 30
REQUEST_TIMEOUT_S = 600
QUIT_WAIT_S = 20  # an idle server ends in well under a second; a busy one is stopped


class OfficeError(SetupError):
    """LibreOffice could not do a job (crashed twice, hung, or refused the file)."""


class OfficeGone(OfficeError):
    """No server listens at the address (it was stopped): the job can go elsewhere."""


def uno_python() -> str | None:
    """The Python to run the server with: ``$SOPKIT_UNO_PYTHON``, else Debian's, whose
    ``python3-uno`` LibreOffice's packages install. Whether it has ``uno`` is found out by
    the server itself, after it answers (a check here would cost a Python start before
    every build); None when the server is turned off or LibreOffice is missing."""
    if os.environ.get(SERVER_ENV, "1") == "0" or shutil.which("soffice") is None:
        return None
    return shutil.which(os.environ.get(UNO_PYTHON_ENV) or "/usr/bin/python3")


class OfficeServer:
    """A running unoserver.py; ``request`` may be called from any process that knows
    ``socket_path`` (the server answers one request at a time)."""

    def __init__(self, folder: Path, process: subprocess.Popen | None) -> None:
        self.folder, self.process = folder, process
        self.socket_path = str(folder / "office.sock")

    @classmethod
    def start(cls, idle_s: float = 0) -> OfficeServer | None:
        """A new server whose LibreOffice starts at once (it boots while the caller goes
        on), or None when no Python has ``uno``. Its profile is a copy of the one kept in
        the build cache (profile_template), made by the first server that found none."""
        python = uno_python()
        if python is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="sopkit-office-"))
        process = subprocess.Popen(
            [python, str(SERVER_SCRIPT), "--socket", str(folder / "office.sock"),
             "--profile", str(folder / "profile"), "--pipe", f"sopkit-{uuid.uuid4().hex}",
             "--idle", str(idle_s), "--eager", "--template", profile_template()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True)
        assert process.stdout is not None
        if process.stdout.readline().strip() != b"listening":  # it binds before any work
            process.kill()
            process.wait()
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return cls(folder, process)

    def close(self) -> None:
        """End the server and its LibreOffice and remove its folder. Closing the server's
        stdin ends it even while LibreOffice is stuck in a document (a signal would wait
        for the UNO call to return)."""
        process = self.process
        if process is not None:
            # "quit" ends an idle server at once; closing its stdin ends a busy one, once
            # no process forked from this one holds the pipe any more (pool workers do).
            _send_quit(self.socket_path)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(QUIT_WAIT_S)
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(START_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def profile_template() -> str:
    """Where the LibreOffice profile new servers copy is kept: in the build cache, under
    the installed LibreOffice's files and the locale settings it reads ("" with
    ``--no-cache``: each server makes its own, as before). A profile only saves its start:
    what it holds (the interface language from the locale, settings at their defaults) is
    what a new one would get."""
    if not store.enabled() or (found := shutil.which("soffice")) is None:
        return ""
    program = Path(found).resolve().parent
    marks = [f"{name} {status.st_size} {status.st_mtime_ns}"
             for name in ("versionrc", "soffice.bin", "libmergedlo.so")
             if (status := _stat(program / name)) is not None]
    locale = [f"{name}={os.environ.get(name, '')}"
              for name in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE")]
    return str(store.entry_path("office-profile", store.key_of(str(program), *marks, *locale)))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _send_quit(socket_path: str) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(1)
        try:
            connection.connect(socket_path)
            connection.sendall(b'{"op": "quit"}\n')
        except OSError:  # gone already, or busy: stdin's end stops it
            pass


def ask(socket_path: str, request: dict, timeout_s: float = REQUEST_TIMEOUT_S) -> dict:
    """The server's answer to ``request``; OfficeError when it fails or takes too long."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout_s)
        try:
            connection.connect(socket_path)
        except OSError as exc:
            raise OfficeGone(f"no LibreOffice server at {socket_path}: {exc}") from exc
        try:
            connection.sendall(json.dumps(request).encode() + b"\n")
            with connection.makefile("rb") as stream:
                line = stream.readline()
        except OSError as exc:  # TimeoutError included: a hung LibreOffice
            raise OfficeError("LibreOffice did not finish the document within "
                              f"{timeout_s:.0f} s: {exc}") from exc
    if not line:
        raise OfficeError("the LibreOffice server closed the connection without answering")
    answer = json.loads(line)
    if answer.get("gone"):  # its Python has no uno: LibreOffice is to be run another way
        raise OfficeGone(answer.get("error", ""))
    if not answer.get("ok"):
        raise OfficeError(f"LibreOffice failed: {answer.get('error', '')}")
    return answer


def print_with_server(socket_path: str, docx: bytes) -> bytes:
    """The PDF the server's LibreOffice prints from ``docx``."""
    with tempfile.TemporaryDirectory(prefix="sopkit-toc-") as folder:
        source, printed = Path(folder) / "doc.docx", Path(folder) / "doc.pdf"
        source.write_bytes(docx)
        ask(socket_path, {"op": "print", "docx": str(source), "pdf": str(printed)})
        return printed.read_bytes()


def headings_with_server(socket_path: str, docx: bytes) -> list[tuple[str, int]]:
    """(title, page) of every outline paragraph, from the server's layout, no PDF."""
    with tempfile.TemporaryDirectory(prefix="sopkit-toc-") as folder:
        source = Path(folder) / "doc.docx"
        source.write_bytes(docx)
        answer = ask(socket_path, {"op": "headings", "docx": str(source)})
        return [(title, page) for title, page in answer["headings"]]


def layout_with_server(socket_path: str, docx: bytes, marks: str, levels: int = 10,
                       remote: bool = False) -> dict:
    """The server's layout of ``docx``: its headings of outline levels 1 to ``levels``
    (title, page), the page of each bookmark named ``marks``…, its page count, the
    seconds each step took, and where the questions ran ("asked": "office" inside soffice,
    "bridge" from the server, the way ``remote`` asks for)."""
    with tempfile.TemporaryDirectory(prefix="sopkit-toc-") as folder:
        source = Path(folder) / "doc.docx"
        source.write_bytes(docx)
        return ask(socket_path, {"op": "pages", "docx": str(source), "marks": marks,
                                 "levels": levels, "remote": remote})
