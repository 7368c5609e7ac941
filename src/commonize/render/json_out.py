"""``--format json``: the results file (its format is ``commonize.resultsfile``'s)."""

from __future__ import annotations

from typing import TextIO

from commonize.render import RenderOptions
from commonize.results import Batch
from commonize.resultsfile import write_results


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    write_results(batch.results, batch.ruleset, out)
