"""Work a renderer leaves running while the next renderers work (RenderContext.later):
the Word handbook's LibreOffice pass goes on while the PDFs are printed, and its files
are in place before any renderer that may read other formats' files (the portal copies
them as downloads) and before the build's output is swapped in."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.build import build


def _renderer(name: str, log: list[str], reads_others: bool | None = None,
              defer: bool = False, fail: bool = False):
    def render(_linked, context) -> None:
        log.append(f"{name} renders, sees {sorted(p.name for p in context.out.iterdir())}")
        if context.promised():
            log.append(f"{name} is promised {sorted(context.promised())}")
        if fail:
            raise RuntimeError(f"{name} failed")
        if defer:
            def finish() -> None:
                (context.out / f"{name}.out").write_text("made late", encoding="utf-8")
                log.append(f"{name} finished")
            context.later(finish, lambda: log.append(f"{name} abandoned"),
                          promised=[f"{name}.out"])
    renderer = SimpleNamespace(NAME=name, render=render)
    if reads_others is not None:
        renderer.READS_OTHER_OUTPUTS = reads_others
    return renderer


def _sops(tmp_path: Path) -> Path:
    sops = tmp_path / "sops"
    sops.mkdir()
    return sops


def test_unfinished_work_is_collected_before_a_renderer_that_may_read_it(tmp_path):
    log: list[str] = []
    renderers = [_renderer("word", log, defer=True),
                 _renderer("print", log, reads_others=False),
                 _renderer("portal", log)]
    out = tmp_path / "dist"
    build(None, out, renderers, _sops(tmp_path))  # type: ignore[arg-type]
    assert log == ["word renders, sees []", "print renders, sees []",
                   "print is promised ['word.out']", "word finished",
                   "portal renders, sees ['word.out']"]
    assert (out / "word.out").read_text(encoding="utf-8") == "made late"


def test_unfinished_work_is_collected_before_the_output_is_swapped_in(tmp_path):
    log: list[str] = []
    out = tmp_path / "dist"
    build(None, out, [_renderer("word", log, defer=True),  # type: ignore[arg-type]
                      _renderer("print", log, reads_others=False)], _sops(tmp_path))
    assert log[-1] == "word finished"
    assert (out / "word.out").is_file()


def test_a_failing_renderer_abandons_the_unfinished_work_and_keeps_the_old_output(tmp_path):
    log: list[str] = []
    out = tmp_path / "dist"
    build(None, out, [_renderer("old", log)], _sops(tmp_path))  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="print failed"):
        build(None, out, [_renderer("word", log, defer=True),  # type: ignore[arg-type]
                          _renderer("print", log, reads_others=False, fail=True)],
              tmp_path / "sops")
    assert log[-1] == "word abandoned"
    assert not (out / "word.out").exists()


def test_a_renderer_that_does_not_wait_knows_the_files_still_promised(tmp_path):
    log: list[str] = []
    renderers = [_renderer("word", log, defer=True),
                 _renderer("portal", log, reads_others=False)]
    out = tmp_path / "dist"
    build(None, out, renderers, _sops(tmp_path))  # type: ignore[arg-type]
    assert log == ["word renders, sees []", "portal renders, sees []",
                   "portal is promised ['word.out']", "word finished"]
    assert (out / "word.out").read_text(encoding="utf-8") == "made late"



def test_word_files_are_made_while_every_later_format_is():
    """The handbook's PDF part and Word LibreOffice pass are the longest pieces of a
    rebuild: the PDFs are started right after the diagrams, the Word files right after
    them (after the diagrams their files embed), and no format after them waits for their
    files (the portal copies them at its own end)."""
    from generator.build import renderer_names
    from generator.renderers import registry

    names = renderer_names()
    assert names.index("pdf") == names.index("diagrams") + 1
    assert names.index("docx") == names.index("pdf") + 1
    waiting = [name for name in names[names.index("docx") + 1:]
               if getattr(registry()[name], "READS_OTHER_OUTPUTS", True)]
    assert waiting == []


def test_libreoffice_is_closed_once_the_last_word_file_is_converted():
    """Its quit is a second of waiting: it starts when the last conversion is done, in a
    thread, not when the build gets round to collecting the Word files; collecting them
    waits for it, and a failure to close is raised there."""
    import threading
    from concurrent.futures import Future

    from generator.renderers.docx_renderer import _close_when_done

    closed = threading.Event()
    futures: list[Future] = [Future(), Future()]
    wait = _close_when_done(futures, closed.set)
    futures[0].set_result(("handbook", b""))
    assert not closed.wait(0.2)  # one conversion still running: LibreOffice is needed
    futures[1].set_result(("roles/a", b""))
    assert closed.wait(10)  # closing without anyone waiting for it
    wait()

    def failing() -> None:
        raise OSError("LibreOffice would not quit")
    wait = _close_when_done([Future()], failing)  # nothing done: wait() starts the close
    with pytest.raises(OSError, match="would not quit"):
        wait()


def test_the_diagrams_word_files_embed_are_written_before_the_word_renderer_runs(
        tmp_path, sample_result):
    """The Word renderer does not wait for work left running (it would wait for the PDFs,
    started before it): the one format whose files it reads, the diagrams, must leave
    none."""
    from conftest import SAMPLE_SOPS
    from generator.build import RenderContext
    from generator.renderers import registry

    docx = registry()["docx"]
    assert getattr(docx, "READS_OTHER_OUTPUTS", True) is False
    assert docx.NEEDS == ("diagrams",)
    context = RenderContext(tmp_path, SAMPLE_SOPS)
    registry()["diagrams"].render(sample_result.linked, context)
    assert context.unfinished == []
    assert list((tmp_path / "diagrams").glob("*.png"))  # the twins are there already
