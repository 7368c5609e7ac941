"""Test files → cases ready to run; every problem with the test file's file:line.

A case's candidate is assembled from defaults (identity fields, so a case names only the
indicators it is about), the file's ``base``, the ``from`` file, ``candidate`` and ``set``,
in that order, then validated like a candidate file. A synthetic document maps every key
back to where it was written, so a validation error names the line that caused it.
A bad file or case is reported and the others still run.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonize.analysis.ruletest.model import Expect, RuleCase, RuleTestFile
from commonize.discover import discover
from commonize.errors import InputError, Problem, SourceLocation
from commonize.loader import Document, load_document, validate
from commonize.models import Candidate
from commonize.rules.load import RuleSet

DEFAULTS: dict[str, Any] = {
    "schema_version": 1,
    "kind": "system",
    "name": {"ja": "ルールテスト", "en": "Rule test"},
    "ministry": "—",
    "description": "A rule test case.",
    "figures": "illustrative",
}

Key = tuple[str | int, ...]


@dataclass(frozen=True)
class CaseSpec:
    file: str
    name: str
    location: SourceLocation
    candidate: Candidate | None = None
    expect: Expect | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class FileSpec:
    path: str
    cases: tuple[CaseSpec, ...] = ()
    problems: tuple[Problem, ...] = ()  # the file itself could not be read


def collect(paths: Iterable[Path], ruleset: RuleSet) -> list[FileSpec]:
    return [collect_file(p, ruleset) for p in discover(paths)]


def collect_file(path: Path, ruleset: RuleSet) -> FileSpec:
    try:
        doc = load_document(path)
        model: RuleTestFile = validate(doc, RuleTestFile)
    except InputError as e:
        return FileSpec(str(path), (), tuple(e.problems))
    seen: dict[str, int] = {}
    cases = []
    for i, raw in enumerate(model.cases):
        where = doc.locate(("cases", i, "name"))
        try:
            positions = {(): doc.positions.get(("cases", i), (1, 1)), **_under(doc, ("cases", i))}
            case: RuleCase = validate(Document(str(path), raw, positions), RuleCase)
        except InputError as e:
            name = str(raw.get("name", f"case {i + 1}"))
            cases.append(CaseSpec(str(path), name, where, problems=tuple(e.problems)))
            continue
        spec = _case(doc, path, model, i, case, ruleset)
        if case.name in seen:
            again = Problem(
                where,
                f"another case is named {case.name!r} (line {cases[seen[case.name]].location.line})",
                hint="case names must be unique in a file",
            )
            spec = CaseSpec(spec.file, spec.name, spec.location, None, None, (again,))
        seen.setdefault(case.name, len(cases))
        cases.append(spec)
    return FileSpec(str(path), tuple(cases))


def _case(
    doc: Document, path: Path, model: RuleTestFile, i: int, case: RuleCase, ruleset: RuleSet
) -> CaseSpec:
    at = ("cases", i)
    where = doc.locate((*at, "name"))
    data: dict[str, Any] = {**copy.deepcopy(DEFAULTS), "id": f"case-{i + 1}"}
    positions: dict[Key, tuple[int, int]] = {(): (where.line or 1, where.column or 1)}
    problems: list[Problem] = []
    _merge(data, model.base)
    positions.update(_under(doc, ("base",)))
    if case.from_ is not None:
        problems.extend(_merge_file(data, positions, doc, path, at, case.from_))
    _merge(data, case.candidate)
    positions.update(_under(doc, (*at, "candidate")))
    for dotted, value in case.set_.items():
        key = tuple(dotted.split("."))
        spot = doc.locate((*at, "set", dotted))
        if not _set(data, key, value):
            problems.append(Problem(spot, f"cannot set {dotted!r}: a parent is not a mapping"))
        positions[key] = (spot.line or 1, spot.column or 1)
    if problems:
        return CaseSpec(str(path), case.name, where, None, None, tuple(problems))
    synthetic = Document(str(path), data, positions)
    try:
        candidate: Candidate = validate(synthetic, Candidate)
    except InputError as e:
        return CaseSpec(str(path), case.name, where, None, None, tuple(e.problems))
    problems.extend(_references(doc, at, case.expect, candidate, ruleset))
    if problems:
        return CaseSpec(str(path), case.name, where, None, None, tuple(problems))
    return CaseSpec(str(path), case.name, where, candidate, case.expect)


def _merge(into: dict[str, Any], over: dict[str, Any]) -> None:
    """Deep merge: mappings merge, anything else (null included) replaces."""
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)


def _set(data: dict[str, Any], key: tuple[str, ...], value: Any) -> bool:
    node: Any = data
    for part in key[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            return False
    node[key[-1]] = value
    return True


def _under(doc: Document, prefix: Key) -> dict[Key, tuple[int, int]]:
    n = len(prefix)
    return {k[n:]: v for k, v in doc.positions.items() if k[:n] == prefix and len(k) > n}


def _merge_file(
    data: dict[str, Any],
    positions: dict[Key, tuple[int, int]],
    doc: Document,
    path: Path,
    at: Key,
    name: str,
) -> list[Problem]:
    spot = doc.locate((*at, "from"))
    try:
        source = load_document(path.parent / name)
    except InputError as e:
        return [Problem(spot, f"cannot use {name!r}: {p.message}") for p in e.problems]
    if not isinstance(source.data, dict):
        return [Problem(spot, f"{name!r} is not a candidate file (no mapping at the top)")]
    _merge(data, source.data)
    # Errors in merged keys point at the `from:` line: the file itself is fine on its own.
    positions.update(dict.fromkeys(_under(source, ()), (spot.line or 1, spot.column or 1)))
    return []


def _references(
    doc: Document, at: Key, expect: Expect, candidate: Candidate, ruleset: RuleSet
) -> list[Problem]:
    """Names in the case must exist in the rule set: a typo must not pass silently."""
    out = []
    e = (*at, "expect")
    checks: list[tuple[Key, str, Iterable[str]]] = [
        ((*e, "must_fire", j), r, ruleset.rules) for j, r in enumerate(expect.must_fire)
    ]
    checks += [
        ((*e, "must_not_fire", j), r, ruleset.rules) for j, r in enumerate(expect.must_not_fire)
    ]
    gates = [g.id for g in ruleset.gates]
    checks += [((*e, "gates", g), g, gates) for g in expect.gates]
    if expect.stopped_at is not None:
        checks.append(((*e, "stopped_at"), expect.stopped_at, gates))
    if expect.form is not None:
        checks.append(((*e, "form"), expect.form, ruleset.meta.forms))
    business = candidate.standardized_business
    if business is not None:
        checks.append(((*at,), business, ruleset.businesses))
    for key, name, known in checks:
        known = list(known)
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else None
            out.append(Problem(doc.locate(key), f"{name!r} is not in the rule set", hint=hint))
    return out
