"""Shared fixtures: paths of the shipped example and of test data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "probolinggo-2023"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def example_path() -> Path:
    """The shipped Kabupaten Probolinggo example register (a directory)."""
    return EXAMPLE


def write(folder: Path, name: str, text: str) -> Path:
    """Write a test input file and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites the golden files of tests/golden/ instead of comparing."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output (also: ZI_UPDATE_GOLDEN=1)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are to be rewritten rather than compared."""
    import os

    return (
        bool(request.config.getoption("--update-golden"))
        or os.environ.get("ZI_UPDATE_GOLDEN") == "1"
    )
