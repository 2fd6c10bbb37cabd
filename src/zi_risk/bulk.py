"""Building many records at once without the cyclic garbage collector in the way.

Loading, scoring and auditing a national register build millions of small
immutable objects that hold no reference cycles; the collector would only scan
them again and again as they accumulate (most of the time at 1,000,000 risks).
Nested use is fine: the outermost block restores the collector's state.

Examples:
    >>> import gc
    >>> before = gc.isenabled()
    >>> with bulk():
    ...     gc.isenabled()
    False
    >>> gc.isenabled() == before
    True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["bulk"]


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block; restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
