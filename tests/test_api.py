"""Tests of the public API: every exported name imports and is documented."""

from __future__ import annotations

import inspect

import zi_risk


def test_all_names_import_and_are_documented() -> None:
    """Each name in ``__all__`` exists and (for classes and functions) has a docstring."""
    assert list(zi_risk.__all__) == sorted(zi_risk.__all__)
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
