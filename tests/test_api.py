"""Tests of the public API: every exported name imports and is documented."""

from __future__ import annotations

import inspect

import zi_risk


def test_all_names_import_and_are_documented() -> None:
    """Each name in ``__all__`` exists and (for classes and functions) has a docstring."""
    assert len(set(zi_risk.__all__)) == len(zi_risk.__all__)  # ruff (RUF022) keeps it sorted
    for name in zi_risk.__all__:
        obj = getattr(zi_risk, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"


def test_errors_share_one_base() -> None:
    """Every error class derives from ZiRiskError."""
    for name in zi_risk.__all__:
        obj = getattr(zi_risk, name)
        if inspect.isclass(obj) and issubclass(obj, Exception):
            assert issubclass(obj, zi_risk.ZiRiskError)


def test_writers_are_imported_on_first_use() -> None:
    """The heavy writers resolve lazily, and unknown names still raise AttributeError."""
    import pytest

    assert callable(zi_risk.render)
    assert callable(zi_risk.to_xlsx)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        zi_risk.nothing_here  # noqa: B018
