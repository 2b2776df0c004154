"""The LibreOffice server (generator/office/): one LibreOffice kept running over UNO gives
the TOC the pages a fresh `soffice --convert-to pdf` prints the headings on, whatever it
did before; a crash is restarted, a stuck document is a clean error, nothing is left
running, and without ``uno`` the old path numbers the TOC the same way."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.documents import render_documents
from generator.docx import html_to_docx, number_toc_pages
from generator.docx.convert import html_to_parts_and_body
from generator.docx.package import normalized_zip, unzipped
from generator.docx.tocchunks import MARK, Book
from generator.docx.tocpages import (
    PLACEHOLDER_PNG,
    _match_pages,
    heading_pages,
    laid_out_headings,
    layout_copy,
    number_toc_parts,
    print_pdf,
)
from generator.office import OfficeError, OfficeGone, OfficeServer, office_for_build
from generator.office.client import (
    SOCKET_ENV,
    UNO_PYTHON_ENV,
    ask,
    headings_with_server,
    layout_with_server,
    uno_python,
)
from generator.office.unoserver import IN_OFFICE_BYTES, descendants
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import generate  # noqa: E402


def has_uno() -> bool:
    python = uno_python()
    return python is not None and subprocess.run(
        [python, "-c", "import uno"], capture_output=True, check=False).returncode == 0


pytestmark = pytest.mark.skipif(not has_uno(),
                                reason="LibreOffice with python3-uno is not installed")


def handbook_docx(sops: Path, out: Path) -> bytes:
    """The handbook's Word file before its TOC is numbered (diagrams built for its figures)."""
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "diagrams", "--quiet"])
    assert result.exit_code == 0, result.output
    handbook = next(doc for doc in render_documents(check(sops).linked)
                    if doc.path == "handbook")
    return html_to_docx(handbook.html, out, name="handbook")


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> bytes:
    return handbook_docx(ROOT / "sops", tmp_path_factory.mktemp("sample") / "dist")


@pytest.fixture(scope="module")
def synthetic_docx(tmp_path_factory) -> bytes:
    sops = tmp_path_factory.mktemp("synthetic") / "sops"
    generate(sops, 24, 6, 4)
    return handbook_docx(sops, sops.parent / "dist")


@pytest.fixture
def server():
    started = OfficeServer.start()
    assert started is not None
    yield started
    started.close()
    assert_ended(started)


def assert_ended(server: OfficeServer) -> None:
    """The server, its LibreOffice (whose profile is in its folder) and the folder: gone."""
    assert server.process is not None and server.process.poll() is not None
    assert not any(str(server.folder) in read_cmdline(path)
                   for path in Path("/proc").glob("[0-9]*/cmdline"))
    assert not server.folder.exists()


def read_cmdline(path: Path) -> str:
    try:
        return path.read_bytes().decode(errors="replace")
    except OSError:  # the process ended meanwhile
        return ""


def compact(headings: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [("".join(title.split()), page) for title, page in headings]


def test_pages_from_a_warm_layout_are_the_pages_a_fresh_soffice_prints(
        server, sample_docx, synthetic_docx):
    # the same server lays out several documents, each after the others, and answers what
    # a new soffice process with a new profile prints: the PDF outline's pages
    for docx in (synthetic_docx, sample_docx, synthetic_docx, sample_docx):
        warm = compact(headings_with_server(server.socket_path, docx))
        assert len(warm) > 20
        assert warm == heading_pages(print_pdf(docx))


def test_the_copy_laid_out_without_its_pictures_has_every_heading_on_its_page(
        server, sample_docx, synthetic_docx):
    # LibreOffice is given the file with each chart a 1×1 PNG (tocpages.layout_copy): the
    # pages are still those a fresh soffice prints from the real file, charts and all
    for docx in (sample_docx, synthetic_docx):
        with zipfile.ZipFile(io.BytesIO(docx)) as real, \
                zipfile.ZipFile(io.BytesIO(layout_copy(docx))) as copy:
            charts = [name for name in real.namelist() if name.startswith("word/media/")]
            assert len(charts) >= 5 and all(real.read(name) != PLACEHOLDER_PNG
                                            for name in charts)
            assert {copy.read(name) for name in charts} == {PLACEHOLDER_PNG}
            assert copy.read("word/document.xml") == real.read("word/document.xml")
        printed = heading_pages(print_pdf(docx))
        assert compact(headings_with_server(server.socket_path, layout_copy(docx))) == printed
        # what the TOC is numbered from: the headings it lists, chunk by chunk
        listed = laid_out_headings(docx, server.socket_path)
        assert 20 < len(listed) < len(printed)
        assert _match_pages([title for title, _ in listed], printed) == [
            page for _, page in listed]


def test_the_questions_run_inside_libreoffice_and_answer_as_over_the_bridge(
        server, sample_docx, synthetic_docx):
    # the book laid out in one document, as a cold build does: the headings, the chunks'
    # marks and the page count are asked inside soffice (inoffice.py), the same answers
    # as the same questions asked call by call from the server; a chunk alone, smaller
    # than IN_OFFICE_BYTES, is asked over the bridge until LibreOffice's Python runs
    fresh = OfficeServer.start()
    assert fresh is not None
    try:
        book = Book(unzipped(layout_copy(sample_docx)))
        small = layout_with_server(fresh.socket_path, book.run_docx(1, 1), MARK, book.levels)
        assert small["asked"] == "bridge" and small["marks"] == [[f"{MARK}1", 1]]
    finally:
        fresh.close()
    for docx in (sample_docx, synthetic_docx):
        book = Book(unzipped(layout_copy(docx)))
        run = book.run_docx(0, book.chunk_count() - 1)
        assert len(run) > IN_OFFICE_BYTES
        inside = layout_with_server(server.socket_path, run, MARK, book.levels)
        bridge = layout_with_server(server.socket_path, run, MARK, book.levels, remote=True)
        assert (inside["asked"], bridge["asked"]) == ("office", "bridge")
        assert len(inside["marks"]) == book.chunk_count() > 5 and len(inside["headings"]) > 20
        assert inside["pages"] > 40
        for key in ("headings", "marks", "pages"):
            assert inside[key] == bridge[key]
    # once it runs, a small document is asked inside too
    small = layout_with_server(server.socket_path, book.run_docx(1, 1), MARK, book.levels)
    assert small["asked"] == "office"


def test_a_toc_numbered_by_the_server_is_byte_identical_to_one_numbered_by_soffice(
        server, sample_docx):
    cold = number_toc_pages(sample_docx)  # no server: a new soffice prints the file
    assert cold != sample_docx  # numbers were added
    assert number_toc_pages(sample_docx, server.socket_path) == cold
    # the build numbers the package's entries and zips them once (docx_renderer.py)
    assert normalized_zip(number_toc_parts(unzipped(sample_docx), server.socket_path)) == cold


def test_the_converters_tree_is_numbered_as_its_bytes_would_be(server, tmp_path):
    """The build hands the TOC pass the tree document.xml was serialised from
    (convert.html_to_parts_and_body): python-docx's element classes there read text
    otherwise (a hyperlink's itertext held each title three times: no entry matched)."""
    sops, out = tmp_path / "sops", tmp_path / "dist"
    generate(sops, 6, 2, 2)
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "diagrams", "--quiet"])
    assert result.exit_code == 0, result.output
    handbook = next(doc for doc in render_documents(check(sops).linked)
                    if doc.path == "handbook")
    parts, body = html_to_parts_and_body(handbook.html, out, name="handbook")
    from_bytes = number_toc_parts(parts, server.socket_path)
    assert from_bytes["word/document.xml"].count(b"PAGEREF") > 10  # numbers were added
    assert number_toc_parts(parts, server.socket_path, None, body) == from_bytes


def test_libreoffice_killed_under_the_server_is_started_again(server, synthetic_docx):
    first = headings_with_server(server.socket_path, synthetic_docx)
    office = [pid for pid in descendants(server.process.pid) if b"soffice.bin" in
              Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert office
    for pid in office:
        os.kill(pid, signal.SIGKILL)
    assert headings_with_server(server.socket_path, synthetic_docx) == first


def test_a_document_that_takes_too_long_is_a_clean_error_and_close_ends_everything(
        server, sample_docx, tmp_path):
    source = tmp_path / "doc.docx"
    source.write_bytes(sample_docx)
    with pytest.raises(OfficeError, match="did not finish the document within"):
        ask(server.socket_path, {"op": "headings", "docx": str(source)}, timeout_s=0.01)
    # the fixture's close() ends the server and its LibreOffice although it is still busy


def test_a_broken_file_is_an_error_message_not_a_hang(server, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(OfficeError, match="LibreOffice failed"):
        ask(server.socket_path, {"op": "headings", "docx": str(broken)})


def test_an_idle_server_told_to_quit_exits_cleanly():
    """Quitting ends the server with status 0: its interpreter's shutdown once waited for
    the stdin watcher's lock and then aborted (SIGABRT), a second later."""
    started = OfficeServer.start()
    assert started is not None and started.process is not None
    assert ask(started.socket_path, {"op": "ping"})["ok"]
    started.close()
    assert started.process.returncode == 0
    assert_ended(started)


def test_a_stopped_server_is_told_apart(tmp_path):
    with pytest.raises(OfficeGone):
        ask(str(tmp_path / "nobody.sock"), {"op": "ping"})


def test_without_a_server_the_build_prints_with_soffice(monkeypatch):
    monkeypatch.setenv("SOPKIT_OFFICE_SERVER", "0")
    monkeypatch.delenv(SOCKET_ENV, raising=False)
    assert office_for_build()[0] is None


def test_a_python_without_uno_makes_the_toc_printed_by_soffice_alike(monkeypatch,
                                                                     synthetic_docx):
    monkeypatch.setenv(UNO_PYTHON_ENV, sys.executable)  # sopkit's venv: no uno in it
    monkeypatch.delenv(SOCKET_ENV, raising=False)
    socket_path, close = office_for_build()
    try:
        assert socket_path is not None
        with pytest.raises(OfficeGone, match="no LibreOffice bridge"):
            ask(socket_path, {"op": "ping"})
        assert number_toc_pages(synthetic_docx, socket_path) == number_toc_pages(
            synthetic_docx)
    finally:
        close()


def test_a_build_uses_the_server_it_is_handed_and_leaves_it_running(server, monkeypatch):
    monkeypatch.setenv(SOCKET_ENV, server.socket_path)
    socket_path, close = office_for_build()
    assert socket_path == server.socket_path
    close()
    time.sleep(0.1)
    assert ask(server.socket_path, {"op": "ping"})["ok"]


