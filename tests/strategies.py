"""Hypothesis strategies: valid candidates over the whole schema, every indicator maybe null."""

from __future__ import annotations

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
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "enum":
        return st.sampled_from(spec.choices)
    if path.endswith("_pct"):
        return _PERCENT
    if path == "feasibility.contracts_end_year":
        return st.integers(1990, 2100)
    return st.integers(0, _BOUNDS.get(path, 10**6))


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
    flat = {path: draw(st.one_of(st.none(), _value(path))) for path in sorted(catalogue())}
    data = {
        "schema_version": 1,
        "id": draw(st.from_regex(r"\A[a-z][a-z0-9]{0,12}(-[a-z0-9]{1,6})?\Z")),
        "kind": draw(st.sampled_from(["business", "system"])),
        "name": {"ja": "候補", "en": "Candidate"},
        "ministry": "総務省",
        "description": "generated",
        "figures": "illustrative",
        "standardized_business": draw(standardized if standardized is not None else st.none()),
    }
    data.update(_nest(flat))
    return data
