"""``--format json``: the results file (its format is ``commonize.resultsfile``'s)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from commonize.render import RenderOptions
from commonize.results import Batch, Result
from commonize.resultsfile import write_results
from commonize.rules.load import RuleSet


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    write_results(batch.results, batch.ruleset, out)


def stream(results: Iterable[Result], rs: RuleSet, out: TextIO) -> None:
    """The document written while the results still come (``validate``, ``evaluate``)."""
    write_results(results, rs, out)
