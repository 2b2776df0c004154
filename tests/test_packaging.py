"""sopkit as users install it: a wheel, in a fresh virtual environment, away from this
repository, building a knowledge base that has nothing but its `sops/` folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_DIR, SAMPLE_SOPS

TODAY = "2026-11-23"
NOT_SOURCE = {".venv", ".git", "dist", "build", "onboarding", ".pytest_cache"}


def _copy_source(target: Path) -> Path:
    """A copy of the repository to build from, so the build leaves nothing in the checkout."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == PROJECT_DIR
        return {n for n in names if (top and n in NOT_SOURCE) or n == "__pycache__"
                or n.endswith(".egg-info")}
    shutil.copytree(PROJECT_DIR, target, ignore=ignore)
    return target


def _run(args: list, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _wheel(tmp_path: Path) -> Path:
    source = _copy_source(tmp_path / "source")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "wheels",
          "."], cwd=source)
    (wheel,) = (tmp_path / "wheels").glob("sopkit-*.whl")
    return wheel


def _venv_with(wheel: Path, folder: Path) -> Path:
    """A fresh environment holding the wheel. Its dependencies come from this test's own
    environment through a .pth line (no network); that folder's .pth files, among them the
    editable install pointing at the repository, are not run, so only the wheel is sopkit."""
    _run([sys.executable, "-m", "venv", "--without-pip", folder], cwd=folder.parent)
    python = folder / "bin" / "python"
    site_packages = Path(_run([python, "-c", "import sysconfig; "
                                              "print(sysconfig.get_paths()['purelib'])"],
                              cwd=folder).strip())
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q",
          wheel], cwd=folder)
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("wheel")
    return _venv_with(_wheel(tmp_path), tmp_path / "venv")


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_wheel_carries_the_top_level_resources(installed):
    found = _run([installed / "bin" / "python", "-c",
                  "import generator.paths as p; print(p.TEMPLATES_DIR); "
                  "print(p.DEFAULT_MKDOCS_YML); print(p.__file__)"],
                 cwd=installed, env=_clean_env()).split()
    for path in map(Path, found):
        assert path.exists()
        assert installed in path.parents and PROJECT_DIR not in path.parents
    assert (Path(found[0]) / "word" / "reference.docx").is_file()
    assert (Path(found[1]).parent / "site" / "overrides" / "main.html").is_file()


def test_wheel_builds_every_format_from_a_bare_knowledge_base(installed, tmp_path):
    shutil.copytree(SAMPLE_SOPS, tmp_path / "sops")
    _run([installed / "bin" / "sopkit", "build", "--quiet", "--today", TODAY],
         cwd=tmp_path, env=_clean_env())
    dist = tmp_path / "dist"
    for name in ("handbook.pdf", "handbook.docx", "sops.json", "site/index.html"):
        assert (dist / name).is_file(), name
    for pattern in ("forms/*.docx", "forms/*.pdf", "roles/*.docx", "roles/*.pdf",
                    "diagrams/*.svg", "diagrams/*.png"):
        assert list(dist.glob(pattern)), pattern
    org = yaml.safe_load((SAMPLE_SOPS / "org.yaml").read_text(encoding="utf-8"))
    home = (dist / "site" / "index.html").read_text(encoding="utf-8")
    assert org["organization"]["name"] in home
