"""Tests of writing registers back: load(dump(r)) == r."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from zi_risk import Register, dump_register, load_register
from zi_risk.testing import registers

from .conftest import EXAMPLE, write


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers())
def test_dump_then_load_gives_the_same_register(register: Register) -> None:
    """Every valid register survives a YAML round trip unchanged."""
    import yaml

    from zi_risk.loader import Document, load_documents
    from zi_risk.source import parse_text

    text = dump_register(register)
    data, source = parse_text(text, "dump.yaml")
    assert load_documents([Document(data, source)]) == register
    assert yaml.safe_load(text)["zi_risk"] == 1


def test_the_example_round_trips(tmp_path: Path) -> None:
    """The shipped example, dumped to one file, loads equal to the split original."""
    original = load_register(EXAMPLE)
    path = write(tmp_path, "one.yaml", dump_register(original))
    assert load_register(path) == original


def test_dump_is_deterministic() -> None:
    """Dumping twice gives identical text."""
    register = load_register(EXAMPLE)
    assert dump_register(register) == dump_register(load_register(EXAMPLE))
