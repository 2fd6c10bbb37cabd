"""Progress on a terminal: one line on stderr, updated in place, shown only when it helps.

A long command (loading a national register, rendering hundreds of units) tells a
person at a terminal how far it got. Nothing is written when the stream is not a
terminal (pipes, files, CI logs, tests), and nothing before ``delay`` seconds have
passed, so commands that finish within about a second stay silent everywhere. The
line is cleared when the work ends, so it never mixes with the command's output.

Examples:
    >>> import io
    >>> class Terminal(io.StringIO):
    ...     def isatty(self) -> bool:
    ...         return True
    >>> ticks = iter([0.0, 0.5, 1.5, 2.0, 2.5])
    >>> screen = Terminal()
    >>> with Progress("loading", total=3, stream=screen, clock=lambda: next(ticks)) as bar:
    ...     for _ in range(3):
    ...         bar.advance()
    >>> screen.getvalue().split("\\r")[1:]
    ['loading: 2/3 (67%)', 'loading: 3/3 (100%)', '                   ', '']
    >>> quiet = io.StringIO()  # not a terminal: nothing at all
    >>> [n for n in track(range(3), "rendering", stream=quiet)], quiet.getvalue()
    ([0, 1, 2], '')
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from types import TracebackType
from typing import TextIO, TypeVar

__all__ = ["Progress", "track"]

_T = TypeVar("_T")


class Progress:
    """A progress line for ``total`` steps (or an open count when ``total`` is ``None``).

    Args:
        label: what is being done, e.g. ``"loading units"``.
        total: the number of steps, if known.
        stream: where to write; standard error by default.
        delay: seconds of silence before the line first appears.
        interval: least seconds between two updates of the line.
        clock: the time source (seconds); :func:`time.monotonic` by default.
    """

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        delay: float = 1.0,
        interval: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = _is_terminal(self._stream)
        self._delay = delay
        self._interval = interval
        self._clock = clock
        self._start = clock() if self._enabled else 0.0
        self._last: float | None = None
        self._width = 0

    def advance(self, steps: int = 1) -> None:
        """Count ``steps`` more steps done and redraw the line when it is due."""
        self.done += steps
        if not self._enabled:
            return
        now = self._clock()
        if now - self._start < self._delay:
            return
        if self._last is not None and now - self._last < self._interval and not self._finished:
            return
        self._last = now
        self._draw(self._text())

    @property
    def _finished(self) -> bool:
        return self.total is not None and self.done >= self.total

    def _text(self) -> str:
        if self.total:
            share = round(100 * self.done / self.total)
            return f"{self.label}: {self.done:,}/{self.total:,} ({share}%)"
        return f"{self.label}: {self.done:,}"

    def _draw(self, text: str) -> None:
        self._stream.write("\r" + text.ljust(self._width))
        self._stream.flush()
        self._width = max(self._width, len(text))

    def close(self) -> None:
        """Clear the line if it was shown.

        Call it before writing anything else to the same terminal (say, a "wrote FILE"
        line); the next :meth:`advance` draws the progress line again below it.
        """
        if self._enabled and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def track(
    items: Iterable[_T],
    label: str,
    total: int | None = None,
    *,
    stream: TextIO | None = None,
    delay: float = 1.0,
) -> Iterator[_T]:
    """Yield ``items`` while showing a :class:`Progress` line (one step per item).

    ``total`` defaults to ``len(items)`` when ``items`` has a length.
    """
    if total is None and isinstance(items, Sized):
        total = len(items)
    with Progress(label, total, stream=stream, delay=delay) as bar:
        for item in items:
            yield item
            bar.advance()
