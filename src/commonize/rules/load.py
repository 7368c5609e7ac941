"""Load a rule-set directory into a checked ``RuleSet``; any problem stops the run (exit 3).

Layout: ``ruleset.yaml`` (clauses, tracks, forms, gate order), ``gates/*.yaml`` (one gate a
file), ``standardized_businesses.yaml`` (the 20), ``levels.yaml`` (the range each level word
of a quantity stands for). Every problem of every file is collected
before raising, so an analyst sees them all at once, each with file:line:column.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from commonize.errors import CommonizeError, Problem, RuleSetError, SourceLocation, UsageError
from commonize.fields import catalogue
from commonize.loader import Document, decode, fast_data, load_document, read_bytes, validate
from commonize.rules import conditions
from commonize.rules.model import (
    Bilingual,
    Business,
    BusinessesFile,
    Gate,
    LevelsFile,
    RuleSetFile,
)
from commonize.rules.overrides import apply_overrides

RULESET_FILE = "ruleset.yaml"
GATES_DIR = "gates"
BUSINESSES_FILE = "standardized_businesses.yaml"
LEVELS_FILE = "levels.yaml"

Levels = dict[str, dict[str, tuple[int | float, int | float | None]]]


@dataclass(frozen=True)
class IndicatorRule:
    id: str
    gate: str
    points: int | float
    clause: str
    reason: Bilingual
    condition: Bilingual | None
    waivable: bool
    when: conditions.Condition  # with the ``forms:`` restriction folded in
    fields: tuple[str, ...]
    location: SourceLocation
    forms: tuple[str, ...] | None = None
    recommends: str | None = None  # a track a fired rule recommends over commonization


# The fields of an IndicatorRule taken from the rule file as written.
_AS_WRITTEN = ("id", "points", "clause", "reason", "condition", "waivable", "recommends")


@dataclass(frozen=True)
class GateDef:
    id: str
    label: Bilingual
    clause: str
    threshold: int | float
    rules: tuple[IndicatorRule, ...]
    location: SourceLocation
    shelve_below: int | float | None = None


@dataclass(frozen=True, eq=False)  # identity: used as a cache key
class RuleSet:
    path: str
    meta: RuleSetFile
    gates: tuple[GateDef, ...]
    businesses: dict[str, Business]
    sha256: str
    rules: dict[str, IndicatorRule] = field(default_factory=dict)
    levels: Levels = field(default_factory=dict)

    def gate(self, gate_id: str) -> GateDef:
        return next(g for g in self.gates if g.id == gate_id)

    def verdict_label(self, verdict: str, lang: str) -> str:
        """The label of a track, or of the status that stands in for one."""
        track = getattr(self.meta.tracks, verdict, None)
        if track is not None:
            return track.label.get(lang)
        return getattr(self.meta.statuses, verdict).label.get(lang)

    def verdict_short(self, verdict: str, lang: str) -> str:
        """The short label of a track or status, where the rule set gives one."""
        entry = getattr(self.meta.tracks, verdict, None) or getattr(self.meta.statuses, verdict)
        return (entry.short or entry.label).get(lang)

    def readiness_label(self, readiness: str, lang: str) -> str:
        return getattr(self.meta.readiness, readiness).label.get(lang)

    def form_of(self, shape: str | None) -> str | None:
        """The form a solution shape becomes when commonized (ruleset.yaml ``forms``)."""
        return next((f for f, d in self.meta.forms.items() if shape in d.shapes), None)


def load_ruleset(directory: Path, overrides: dict[str, Any] | None = None) -> RuleSet:
    """Load and check every rule file under ``directory``. Raises ``RuleSetError``."""
    _check_directory(directory)
    if not (directory / RULESET_FILE).is_file():
        raise RuleSetError(f"no {RULESET_FILE} here: is this a rule-set directory?", directory)
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    gate_paths = sorted((directory / GATES_DIR).glob("*.yaml"))
    fixed = [directory / RULESET_FILE, directory / BUSINESSES_FILE, directory / LEVELS_FILE]
    for path in [*fixed, *gate_paths]:
        try:
            docs[path.relative_to(directory).as_posix()] = load_document(path)
        except CommonizeError as e:
            problems.extend(e.problems)
    if problems:
        raise RuleSetError(problems)
    if overrides:
        apply_overrides(docs, overrides)
    meta = _validated(docs[RULESET_FILE], RuleSetFile, problems)
    businesses = _validated(docs[BUSINESSES_FILE], BusinessesFile, problems)
    levels = _validated(docs[LEVELS_FILE], LevelsFile, problems)
    if meta is None or problems:
        raise RuleSetError(problems)
    gates = [
        _gate(doc, meta, problems) for name, doc in docs.items() if name.startswith(GATES_DIR + "/")
    ]
    if businesses is None or levels is None or problems:
        raise RuleSetError(problems)
    ruleset = _assemble(directory, meta, businesses, [g for g in gates if g], docs, problems)
    ruleset.levels.update(_levels(levels, docs[LEVELS_FILE], problems))
    if problems:
        raise RuleSetError(problems)
    return ruleset


def _check_directory(directory: Path) -> None:
    """A rules path that is not there is a mistake on the command line (exit 2), not a
    broken rule set (exit 3): nothing was read that could be broken."""
    if not directory.is_dir():
        what = "no such directory" if not directory.exists() else "not a directory"
        hint = f"a rule-set directory holds {RULESET_FILE}; leave --rules out for the shipped rules"
        raise UsageError([Problem(SourceLocation(str(directory)), f"{what} ({hint})")])


def load_business_ids(directory: Path) -> tuple[str, ...]:
    """The ids of the standardized businesses, without loading the rest of the rule set.

    All that `commonize validate` needs of the rules: the full load (every file parsed with
    key positions, conditions checked) costs more than validating a pre-commit's file. A
    file the light read does not accept as is goes through ``load_ruleset``, so a broken
    rule set fails with exactly its errors.
    """
    _check_directory(directory)
    path = directory / BUSINESSES_FILE
    if (directory / RULESET_FILE).is_file():
        try:
            data = fast_data(decode(read_bytes(path), str(path)))
            return tuple(b.id for b in BusinessesFile.model_validate(data).businesses)
        except (CommonizeError, ValidationError):
            pass
    return tuple(load_ruleset(directory).businesses)


def _validated(doc: Document, model: type, problems: list[Problem]) -> Any:
    try:
        return validate(doc, model)
    except CommonizeError as e:
        problems.extend(e.problems)
        return None


def _levels(levels: LevelsFile, doc: Document, problems: list[Problem]) -> Levels:
    """Every level word of every quantity needs its range, and nothing else is accepted."""
    out: Levels = {}
    for path, spec in catalogue().items():
        if not spec.levels:
            continue
        given = levels.levels.get(path)
        if given is None:
            problems.append(Problem(doc.locate(("levels",)), f"no ranges for the levels of {path}"))
            continue
        for word in spec.levels:
            if word not in given:
                problems.append(
                    Problem(doc.locate(("levels", path)), f"{path}: no range for level {word!r}")
                )
        out[path] = {}
        for word, (lo, hi) in given.items():
            at = doc.locate(("levels", path, word))
            if word not in spec.levels:
                problems.append(
                    Problem(
                        at, f"{path} has no level {word!r}; its levels: {', '.join(spec.levels)}"
                    )
                )
            elif lo is None or (hi is not None and hi < lo):
                problems.append(Problem(at, f"{path}.{word}: a range is [low, high], low <= high"))
            else:
                out[path][word] = (lo, hi)
    for path in levels.levels:
        if path not in out:
            problems.append(
                Problem(doc.locate(("levels", path)), f"{path} is not a quantity with levels")
            )
    return out


def _gate(doc: Document, meta: RuleSetFile, problems: list[Problem]) -> GateDef | None:
    gate: Gate | None = _validated(doc, Gate, problems)
    if gate is None:
        return None
    rules = []
    for i, rule in enumerate(gate.rules):
        try:
            when = conditions.parse(rule.when)
        except conditions.ConditionError as e:
            problems.append(Problem(doc.locate(("rules", i, "when", *e.at)), str(e), field=rule.id))
            continue
        if rule.forms is not None:
            unknown = [f for f in rule.forms if f not in meta.forms]
            if unknown:
                problems.append(
                    Problem(
                        doc.locate(("rules", i, "forms")),
                        f"unknown form {unknown[0]!r}; forms are {', '.join(meta.forms)}",
                        field=rule.id,
                    )
                )
                continue
            # A form is a set of solution shapes: the rule holds only for those shapes, and is
            # unknown while the shape is.
            shapes = tuple(s for f in rule.forms for s in meta.forms[f].shapes)
            when = conditions.Group("all", (conditions.Leaf("solution.shape", "in", shapes), when))
        rules.append(
            IndicatorRule(
                **{name: getattr(rule, name) for name in _AS_WRITTEN},
                gate=gate.gate,
                when=when,
                fields=conditions.fields_of(when),
                location=doc.locate(("rules", i, "id")),
                forms=tuple(rule.forms) if rule.forms is not None else None,
            )
        )
    location = doc.locate(("gate",))
    return GateDef(
        gate.gate,
        gate.label,
        gate.clause,
        gate.threshold,
        tuple(rules),
        location,
        gate.shelve_below,
    )


def _assemble(
    directory: Path,
    meta: RuleSetFile,
    businesses: BusinessesFile,
    gates: list[GateDef],
    docs: dict[str, Document],
    problems: list[Problem],
) -> RuleSet:
    where = docs[RULESET_FILE].locate
    by_id = {g.id: g for g in gates}
    for g in gates:
        if g.id not in meta.gates:
            problems.append(
                Problem(g.location, f"gate {g.id!r} is not listed in ruleset.yaml gates")
            )
    for i, gate_id in enumerate(meta.gates):
        if gate_id not in by_id:
            problems.append(
                Problem(where(("gates", i)), f"no file in gates/ defines gate {gate_id!r}")
            )
    rules: dict[str, IndicatorRule] = {}
    for g in gates:
        _check_clause(meta, g.clause, g.location, problems)
        for r in g.rules:
            if r.id in rules:
                problems.append(
                    Problem(r.location, f"rule id {r.id!r} is also used at {rules[r.id].location}")
                )
            rules[r.id] = r
            _check_clause(meta, r.clause, r.location, problems)
    for name, track in meta.tracks:
        _check_clause(meta, track.clause, where(("tracks", name, "clause")), problems)
    for what, clause in meta.explanation_clauses:
        _check_clause(meta, clause, where(("explanation_clauses", what)), problems)
    seen_shapes: dict[str, str] = {}
    for form_id, form in meta.forms.items():
        _check_clause(meta, form.clause, where(("forms", form_id, "clause")), problems)
        for shape in form.shapes:
            if shape in seen_shapes:
                problems.append(
                    Problem(
                        where(("forms", form_id)),
                        f"shape {shape!r} is also in form {seen_shapes[shape]!r}",
                    )
                )
            seen_shapes[shape] = form_id
    ordered = tuple(by_id[g] for g in meta.gates if g in by_id)
    return RuleSet(
        path=str(directory),
        meta=meta,
        gates=ordered,
        businesses={b.id: b for b in businesses.businesses},
        sha256=_digest(docs),
        rules=rules,
    )


def _check_clause(
    meta: RuleSetFile, clause: str, at: SourceLocation, problems: list[Problem]
) -> None:
    if clause not in meta.clauses:
        problems.append(
            Problem(
                at, f"unknown policy clause {clause!r}; define it under clauses: in ruleset.yaml"
            )
        )


def _digest(docs: dict[str, Document]) -> str:
    """SHA-256 of the rule files' *data*, so comments and layout do not change the hash."""
    canonical = json.dumps(
        {name: doc.data for name, doc in sorted(docs.items())},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
