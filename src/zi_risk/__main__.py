"""``python -m zi_risk``: the same as the ``zi-risk`` command."""

from .cli import run

run()
