"""The wheel carries the repository's top-level resources inside the package.

`templates/`, `site/` and `mkdocs.yml` stay at the top of the repository (the project's
layout); a wheel gets a copy of them in `generator/_resources/`, where `generator.paths`
finds them with importlib.resources. An editable install needs no copy: it runs from the
checkout, which has the folders themselves.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = ("templates", "site", "mkdocs.yml")
PACKAGED_AS = Path("generator", "_resources")


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            self._copy_resources(Path(self.build_lib) / PACKAGED_AS)

    @staticmethod
    def _copy_resources(target: Path) -> None:
        shutil.rmtree(target, ignore_errors=True)  # nothing left from an earlier build
        target.mkdir(parents=True)
        for name in RESOURCES:
            if Path(name).is_dir():
                shutil.copytree(name, target / name,
                                ignore=shutil.ignore_patterns("__pycache__", ".*"))
            else:
                shutil.copy2(name, target / name)


setup(cmdclass={"build_py": BuildPyWithResources})
