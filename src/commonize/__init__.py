"""commonize: recommend standardize / commonize / joint-procurement tracks, with reasons.

Library API (the CLI is a thin layer over it)::

    from commonize import evaluate_paths
    batch = evaluate_paths([Path("candidates")])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from commonize.version import __version__

__all__ = ["__version__", "evaluate_paths", "load_rules", "validate_paths"]

if TYPE_CHECKING:
    from commonize.api import evaluate_paths, load_rules, validate_paths


def __getattr__(name: str) -> Any:
    if name in ("evaluate_paths", "load_rules", "validate_paths"):
        # why: the package is imported before any of its modules; the façade waits for use.
        from commonize import api

        return getattr(api, name)
    raise AttributeError(name)
