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
