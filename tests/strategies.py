"""Hypothesis strategies: valid candidates over the whole schema, every indicator maybe null."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from commonize.fields import catalogue

_BOUNDS = {
    "user_needs.users_per_year": 10**9,
    "effect.annual_cost_jpy": 10**12,
    "effect.annual_staff_hours": 10**8,
    "effect.governments_doing": 1788,
    "user_needs.requesting_governments": 1788,
    "solution.joint_procurement_prefectures": 47,
    "feasibility.market_products": 20,
}
_PERCENT = st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False, allow_infinity=False))


def _value(path: str):
    spec = catalogue()[path]
    if spec.levels:
        # A quantity: an exact figure, a level word, or either with its source.
        figure = _figure(path)
        level = st.sampled_from(spec.levels)
        return st.one_of(
            figure,
            level,
            st.builds(lambda v, s: {"value": v, "source": s}, figure, st.just("estimate")),
            st.builds(lambda v: {"level": v, "source": "estimate"}, level),
        )
    return _figure(path)


def _figure(path: str):
    spec = catalogue()[path]
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "enum":
        return st.sampled_from(spec.choices)
    if path == "effect.expected_cost_reduction_pct":
        return st.one_of(_PERCENT, st.integers(-200, -1))  # a cost increase
    if path.endswith("_pct"):
        return _PERCENT
    if path == "feasibility.contracts_end_year":
        return st.integers(1990, 2100)
    top = min(spec.maximum if spec.maximum is not None else 10**6, _BOUNDS.get(path, 10**6))
    return st.integers(0, int(top))


@functools.cache
def _maybe(path: str) -> st.SearchStrategy:
    # Built once per field, not once per draw: hypothesis validates a new strategy object on
    # its first draw, and rebuilding ~60 of them for every candidate was most of the time.
    return st.one_of(st.none(), _value(path))


_ID = st.from_regex(r"\A[a-z][a-z0-9]{0,12}(-[a-z0-9]{1,6})?\Z")
_KIND = st.sampled_from(["business", "system", "bundle"])


def _nest(flat: dict[str, object]) -> dict:
    out: dict = {}
    for path, value in flat.items():
        node = out
        *parents, leaf = path.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return out


@st.composite
def candidates(draw, standardized: st.SearchStrategy | None = None) -> dict:
    flat = {path: draw(_maybe(path)) for path in sorted(catalogue())}
    data = {
        "schema_version": 2,
        "id": draw(_ID),
        "kind": draw(_KIND),
        "name": {"ja": "候補", "en": "Candidate"},
        "ministry": "総務省",
        "description": "generated",
        "figures": "illustrative",
        "standardized_business": draw(standardized if standardized is not None else st.none()),
    }
    data.update(_nest(flat))
    return data
