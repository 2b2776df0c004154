"""A LibreOffice kept running for one build (or one `sopkit serve`), driven over UNO.

Run by the Python that has LibreOffice's ``uno`` module (Debian: ``python3-uno`` for
``/usr/bin/python3``), which need not be sopkit's Python: it imports nothing but the
standard library and ``uno``. sopkit talks to it over a Unix socket (generator/office/
client.py), one JSON line per request and one per answer:

    {"op": "print", "docx": PATH, "pdf": PATH}   -> {"ok": true}
    {"op": "headings", "docx": PATH}             -> {"ok": true, "headings": [[title, page]]}
    {"op": "pages", "docx": PATH, "marks": PREFIX, "levels": N[, "remote": true]}
        -> {"ok": true, "headings": [[title, page]], "marks": [[name, page]], "pages": N,
            "times": {"load": [wall, cpu], "query": [..]}, "asked": "office"|"bridge"}
    {"op": "ping"}                               -> {"ok": true, "version": ...}

The questions a layout is asked (inoffice.py) run inside soffice, loaded there by LibreOffice's
Python loader: over the bridge each of their thousands of UNO calls was a round trip.
Requests are served one at a time, so two builds asking at once never share a document;
each document is loaded, used and closed. If LibreOffice dies under a request, it is
started again and the request tried once more. The server ends, and ends its LibreOffice,
when its standard input closes (the process that started it went away), on SIGTERM, or
after ``--idle`` seconds without a request.
"""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

if __package__:  # imported (sopkit, the tests)
    from .profiles import keep_template, seed_profile, skip_render_tests
else:  # run as a script by the Python that has uno: its folder is on sys.path
    from profiles import keep_template, seed_profile, skip_render_tests  # type: ignore[import-not-found, no-redef]

CONNECT_TIMEOUT_S = 120
IN_OFFICE = Path(__file__).with_name("inoffice.py")
# A smaller document (a chunk or two of a summary edit) asks fewer questions than starting
# LibreOffice's Python costs (~0.1 s of CPU): asked over the bridge unless it is running.
IN_OFFICE_BYTES = 400_000
PR_SET_CHILD_SUBREAPER = 36
STOPPING = threading.RLock()
# LibreOffice's Python bridge, imported after the socket is bound (so sopkit never waits
# for it): None when this Python has no ``uno`` (then every answer says so, and sopkit
# prints with a new soffice instead).
uno: Any = None
_asker: Any = None  # inoffice.py as a module of this process, for the bridge (in_office_module)


def _load_uno() -> str | None:
    """Import ``uno``; the reason it cannot be, or None."""
    global uno
    try:
        import uno as bridge  # type: ignore[import-not-found]
    except ImportError as exc:
        return str(exc)
    uno = bridge
    return None


def _prop(name: str, value: object) -> Any:
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


class Office:
    """One soffice process with a private profile, and the UNO desktop to drive it.

    ``template``: a profile folder to start from (see seed_profile), made from this one's
    when missing; "" for none."""

    def __init__(self, profile: str, pipe: str, template: str = "") -> None:
        self.profile, self.pipe, self.template = profile, pipe, template
        self.process: subprocess.Popen | None = None
        self.desktop: Any = None
        self.context: Any = None
        self.job: Any = None  # inoffice.Pages inside soffice; False: it cannot be loaded

    def start(self) -> None:
        self.stop()  # what is left of a start that failed
        seeded = seed_profile(self.template, self.profile)
        skip_render_tests(self.profile)
        try:
            self._launch()
        except Exception:
            if seeded:  # maybe the template's fault: a new profile, and template, next time
                shutil.rmtree(self.profile, ignore_errors=True)
                shutil.rmtree(self.template, ignore_errors=True)
                self.template = ""
            raise
        if not seeded:
            keep_template(self.profile, self.template)

    def _launch(self) -> None:
        # In this server's process group, so that whoever kills the group (the client,
        # when this server does not end) ends LibreOffice too.
        self.process = subprocess.Popen(
            ["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(self.profile)}",
             "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             "--nolockcheck", f"--accept=pipe,name={self.pipe};urp;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while True:
            try:
                context = resolver.resolve(
                    f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except uno.getClass("com.sun.star.connection.NoConnectException"):
                if self.process.poll() is not None and self.process.returncode != 81:
                    raise RuntimeError(f"soffice exited ({self.process.returncode})") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("soffice did not answer") from None
                time.sleep(0.05)
        self.desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context)
        self.context = context

    def stop(self) -> None:
        """Kill soffice (oosplash) and soffice.bin, its child, and reap them. One thread
        at a time: the stdin watcher must not exit while the main thread still reaps
        (soffice.bin's CPU time would be lost from the build's)."""
        with STOPPING:
            self._stop()

    def _stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            for pid in [self.process.pid, *descendants(self.process.pid)]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait()
            _reap_orphans()
        self.process, self.desktop, self.context, self.job = None, None, None, None

    def alive(self) -> bool:
        """Whether LibreOffice still answers over the bridge."""
        if self.process is None or self.process.poll() is not None or self.desktop is None:
            return False
        try:
            self.desktop.getComponents()
        except Exception:  # noqa: BLE001 - a dead bridge raises DisposedException & co.
            return False
        return True

    def load(self, path: str):
        return self.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(path), "_blank", 0,
            (_prop("Hidden", True), _prop("ReadOnly", True)))

    def ask(self, document, levels: int, prefix: str, request: dict) -> tuple[dict, str]:
        """inoffice.pages of a loaded document, and where it ran: in soffice ("office"),
        or from here over the bridge ("bridge") when the request says ``remote``, when
        the document is small (IN_OFFICE_BYTES) and LibreOffice's Python not started yet,
        or when LibreOffice's Python loader is missing."""
        small = os.path.getsize(request["docx"]) < IN_OFFICE_BYTES and self.job is None
        job = None if request.get("remote") or small else self._job()
        if job:
            try:
                return json.loads(job.execute((_named("Document", document),
                                               _named("Levels", levels),
                                               _named("Marks", prefix)))), "office"
            except Exception:  # noqa: BLE001 - LibreOffice's Python failed: ask from here
                if not self.alive():
                    raise
                self.job = False
        return in_office_module().pages(document, levels, prefix), "bridge"

    def _job(self) -> Any:
        """inoffice.Pages made inside this LibreOffice, once; False when it cannot be."""
        if self.job is None:
            try:
                manager = self.context.ServiceManager
                loader = manager.createInstanceWithContext("com.sun.star.loader.Python",
                                                           self.context)
                factory = loader.activate(in_office_module().IMPLEMENTATION, "",
                                          uno.systemPathToFileUrl(str(IN_OFFICE)), None)
                self.job = factory.createInstanceWithContext(self.context)
            except Exception:  # noqa: BLE001 - no loader (or a broken one): over the bridge
                self.job = False
        return self.job


def _named(name: str, value: object) -> Any:
    named = uno.createUnoStruct("com.sun.star.beans.NamedValue")
    named.Name, named.Value = name, value
    return named


def in_office_module() -> Any:
    """inoffice.py imported into this process (it needs ``uno``: not at start-up)."""
    global _asker
    if _asker is None:
        spec = importlib.util.spec_from_file_location("sopkit_inoffice", IN_OFFICE)
        assert spec is not None and spec.loader is not None
        _asker = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_asker)
    return _asker


def _become_subreaper() -> None:
    """soffice.bin, orphaned when oosplash is killed first, comes back to this process,
    which reaps it: so its CPU time is counted in the build's (bench_build.py reads the
    build's children's rusage), and no zombie or stray LibreOffice is left."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1)


def _reap_orphans() -> None:
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def descendants(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (oosplash starts soffice.bin from another
    thread than its main one), and theirs."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *descendants(child)]
    return found


def print_pdf(office: Office, request: dict) -> dict:
    document = office.load(request["docx"])
    try:
        document.storeToURL(uno.systemPathToFileUrl(request["pdf"]),
                            (_prop("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)
    return {"ok": True}


def headings(office: Office, request: dict) -> dict:
    """Every outline paragraph of the document (title, page where the layout puts it), in
    document order."""
    document = office.load(request["docx"])
    try:
        found, _ = office.ask(document, 10, "", request)
        return {"ok": True, "headings": found["headings"]}
    finally:
        document.close(True)


def pages(office: Office, request: dict) -> dict:
    """The headings of outline levels 1 to ``levels`` (those the TOC lists: the 300-role
    book has 357 of them, and 3,266 of level 3), the page of each bookmark whose name
    starts with ``marks`` (where the client's chunks of the document start:
    generator/docx/tocchunks.py) and the document's page count; with the wall and CPU
    seconds soffice spent loading (which lays the document out too) and on the questions
    (finishing the layout, then the queries)."""
    clock = _Clock(office)
    document = office.load(request["docx"])
    try:
        clock.lap("load")
        found, asked = office.ask(document, request.get("levels") or 10,
                                  request.get("marks") or "", request)
        clock.lap("query")
    finally:
        document.close(True)
    return {"ok": True, "headings": found["headings"], "marks": found["marks"],
            "pages": found["pages"], "times": clock.laps, "asked": asked}


class _Clock:
    """Wall and CPU seconds (soffice.bin's, from /proc) between laps."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.laps: dict[str, list[float]] = {}
        self.wall, self.cpu = time.perf_counter(), self._cpu()

    def _cpu(self) -> float:
        if self.office.process is None:
            return 0.0
        total = 0
        for pid in [self.office.process.pid, *descendants(self.office.process.pid)]:
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def lap(self, name: str) -> None:
        wall, cpu = time.perf_counter(), self._cpu()
        self.laps[name] = [round(wall - self.wall, 3), round(cpu - self.cpu, 3)]
        self.wall, self.cpu = wall, cpu


OPERATIONS = {"print": print_pdf, "headings": headings, "pages": pages}


def answer(office: Office, request: dict, uno_missing: str | None) -> dict:
    op = request.get("op")
    if uno_missing is not None:
        return {"ok": False, "gone": True, "error": f"no LibreOffice bridge: {uno_missing}"}
    if op == "ping":
        return {"ok": True, "pid": os.getpid()}
    if op not in OPERATIONS:
        return {"ok": False, "error": f"unknown operation {op!r}"}
    for attempt in (1, 2):
        try:
            if office.desktop is None:
                office.start()
            return OPERATIONS[op](office, request)
        except Exception as exc:  # noqa: BLE001 - any failure is told to the client
            if attempt == 2 or office.alive():  # the document's fault, or twice
                return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            office.stop()  # LibreOffice died under the request: a new one, then again
    raise AssertionError("unreachable")


def serve(listener: socket.socket, office: Office, idle_s: float,
          uno_missing: str | None) -> None:
    listener.settimeout(idle_s if idle_s > 0 else None)
    while True:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            return  # idle too long
        with connection, connection.makefile("rwb") as stream:
            line = stream.readline()
            try:
                request = json.loads(line)
            except ValueError:
                continue
            if request.get("op") == "quit":
                return
            stream.write(json.dumps(answer(office, request, uno_missing)).encode() + b"\n")
            stream.flush()


def _watch_stdin(office: Office, socket_path: str) -> None:
    """The process that started this one is gone when stdin closes: end with it (from
    this thread, so even while the main one waits on a stuck LibreOffice)."""
    while sys.stdin.buffer.read(65536):
        pass
    _end(office, socket_path)


def _end(office: Office, socket_path: str) -> None:
    office.stop()
    STOPPING.acquire()  # held for good: the main thread stops no more
    _remove_files(office, socket_path)
    if os.getpgid(0) == os.getpid():  # the client started it as a group of its own
        with contextlib.suppress(OSError):  # anything else of ours in the group
            os.killpg(0, signal.SIGKILL)
    os._exit(0)


def _remove_files(office: Office, socket_path: str) -> None:
    """The socket and LibreOffice's profile, and their folder once empty: a client killed
    with SIGKILL cannot remove them (client.py's close does otherwise), and every killed
    build left a sopkit-office-* folder in /tmp."""
    shutil.rmtree(office.profile, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.unlink(socket_path)
    with contextlib.suppress(OSError):  # not empty: not only ours, left alone
        os.rmdir(os.path.dirname(socket_path))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--idle", type=float, default=0)
    parser.add_argument("--template", default="", help="a profile to start from (kept if missing)")
    parser.add_argument("--eager", action="store_true", help="start LibreOffice before any request")
    args = parser.parse_args()
    _become_subreaper()
    office = Office(args.profile, args.pipe, args.template)
    signal.signal(signal.SIGTERM, lambda *_: _end(office, args.socket))
    threading.Thread(target=_watch_stdin, args=(office, args.socket), daemon=True).start()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(args.socket)
    listener.listen(16)
    sys.stdout.write("listening\n")
    sys.stdout.flush()
    uno_missing = _load_uno()
    try:
        if args.eager and uno_missing is None:
            with contextlib.suppress(Exception):  # the first request starts it again
                office.start()
        serve(listener, office, args.idle, uno_missing)
    finally:
        office.stop()
        listener.close()
    # Not a normal interpreter exit: the stdin watcher's read holds stdin's buffer lock, so
    # shutdown waited ~1 s for it and then aborted ("Fatal Python error"), the last second of
    # every build that used LibreOffice. Everything is stopped and reaped; nothing to flush.
    os._exit(0)


if __name__ == "__main__":
    main()
