"""Tests of the progress line: shown on a terminal after a delay, silent everywhere else."""

from __future__ import annotations

import io
from collections.abc import Iterator

from zi_risk.progress import Progress, track


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def clock(*ticks: float) -> Iterator[float]:
    """A fake clock returning ``ticks`` in turn."""
    return iter(ticks)


def test_nothing_is_written_when_not_on_a_terminal() -> None:
    """A pipe or file gets no progress at all, however long the work takes."""
    out = io.StringIO()
    times = clock(0, 10, 20, 30)
    with Progress("loading", total=3, stream=out, clock=lambda: next(times)) as bar:
        for _ in range(3):
            bar.advance()
    assert out.getvalue() == ""
    assert bar.done == 3


def test_short_work_stays_silent_on_a_terminal() -> None:
    """Work that ends before the delay shows nothing, even on a terminal."""
    out = Terminal()
    times = clock(0, 0.2, 0.4, 0.6)
    with Progress("loading", total=3, stream=out, clock=lambda: next(times)) as bar:
        for _ in range(3):
            bar.advance()
    assert out.getvalue() == ""


def test_long_work_shows_counts_then_clears_the_line() -> None:
    """After the delay the line shows done/total and share, and is blanked at the end."""
    out = Terminal()
    times = clock(0, 1.5, 3.0)
    with Progress("rendering", total=2, stream=out, clock=lambda: next(times)) as bar:
        bar.advance()
        bar.advance()
    assert out.getvalue() == ("\rrendering: 1/2 (50%)\rrendering: 2/2 (100%)\r" + " " * 21 + "\r")


def test_updates_are_throttled_but_the_last_one_is_drawn() -> None:
    """Updates closer than the interval are skipped, except the one that completes the work."""
    out = Terminal()
    times = clock(0, 2.0, 2.01, 2.02, 2.03)
    with Progress("x", total=4, stream=out, interval=0.5, clock=lambda: next(times)) as bar:
        for _ in range(4):
            bar.advance()
    assert out.getvalue().split("\r")[1:-2] == ["x: 1/4 (25%)", "x: 4/4 (100%)"]


def test_open_count_without_total() -> None:
    """Without a total the line shows the running count with thousands separators."""
    out = Terminal()
    times = clock(0, 5)
    with Progress("units", stream=out, clock=lambda: next(times)) as bar:
        bar.advance(1500)
    assert out.getvalue().split("\r")[1] == "units: 1,500"


def test_track_yields_every_item_and_takes_the_length() -> None:
    """track() passes items through unchanged and knows the total of a sized collection."""
    out = io.StringIO()
    assert list(track(["a", "b"], "items", stream=out)) == ["a", "b"]
    assert list(track(iter(range(3)), "items", stream=out)) == [0, 1, 2]
    assert out.getvalue() == ""


def test_a_closed_stream_counts_as_not_a_terminal() -> None:
    """A closed stream neither raises nor receives anything."""
    out = Terminal()
    out.close()
    bar = Progress("x", total=1, stream=out)
    bar.advance()
    bar.close()


def test_close_lets_other_output_through_and_the_line_comes_back() -> None:
    """After close() another line can be printed; the next update draws the bar again."""
    out = Terminal()
    times = clock(0, 2.0, 3.0)
    bar = Progress("files", total=2, stream=out, clock=lambda: next(times))
    bar.advance()
    bar.close()
    out.write("wrote a.html\n")
    bar.advance()
    bar.close()
    assert out.getvalue() == (
        "\rfiles: 1/2 (50%)\r" + " " * 16 + "\rwrote a.html\n"
        "\rfiles: 2/2 (100%)\r" + " " * 17 + "\r"
    )
