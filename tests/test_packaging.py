"""Tests that the templates ship as package data in wheels, sdists and editable installs."""

from __future__ import annotations

import importlib.resources
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_templates_are_importable_as_package_data() -> None:
    """The installed package (editable in development) sees the top-level templates folder."""
    names = {p.name for p in importlib.resources.files("zi_risk.templates").iterdir()}
    expected = {p.name for p in (ROOT / "templates").iterdir() if p.name != "__pycache__"}
    assert expected <= names


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel and an sdist built (with the setuptools backend) from a copy of the tree."""
    tree = tmp_path_factory.mktemp("tree") / "zi-risk"
    shutil.copytree(
        ROOT,
        tree,
        ignore=shutil.ignore_patterns(
            ".git", "*.egg-info", "__pycache__", ".*_cache", "build", "dist", "out", ".hypothesis"
        ),
    )
    out = tmp_path_factory.mktemp("dist")
    for hook in ("build_wheel", "build_sdist"):  # one process each, as a build frontend does
        script = f"import setuptools.build_meta as b, sys; b.{hook}(sys.argv[1])"
        result = subprocess.run(
            [sys.executable, "-c", script, str(out)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tree,
        )
        assert result.returncode == 0, result.stderr[-2000:]
    return out


def _template_files() -> set[str]:
    return {
        p.relative_to(ROOT / "templates").as_posix()
        for p in (ROOT / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_wheel_carries_the_templates(built: Path) -> None:
    """Every template file is in the wheel under zi_risk/templates/."""
    wheel = next(built.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = {
            n.removeprefix("zi_risk/templates/")
            for n in archive.namelist()
            if n.startswith("zi_risk/templates/")
        }
    assert _template_files() <= names


def test_the_sdist_carries_the_templates(built: Path) -> None:
    """Every template file is in the sdist, so a wheel built from it has them too."""
    sdist = next(built.glob("*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = {n.split("/templates/", 1)[1] for n in archive.getnames() if "/templates/" in n}
    assert _template_files() <= names


def test_the_wheel_carries_presets_and_catalogues(built: Path) -> None:
    """Criteria presets and the language catalogues ship as package data too."""
    wheel = next(built.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for folder in ("criteria_presets", "locale"):
        expected = {
            f"zi_risk/{folder}/{p.name}" for p in (ROOT / "src" / "zi_risk" / folder).glob("*.yaml")
        }
        assert expected
        assert expected <= names
    assert "zi_risk/py.typed" in names
