"""Output formats, one module each, registered by name in ``REPORTERS``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from commonize.api import Batch


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    explain: bool = False


Reporter = Callable[["Batch", TextIO, RenderOptions], None]

# name -> module; imported on first use so start-up pays only for the format asked for.
REPORTERS: dict[str, str] = {
    "table": "commonize.render.table",
    "text": "commonize.render.text",
    "json": "commonize.render.json_out",
}


def reporter(name: str) -> Reporter:
    return importlib.import_module(REPORTERS[name]).render
