"""Agreement between the rules' verdicts and the decisions really taken (pure).

Over the candidates whose files record a decision, the latest decision is set against the
verdict: the confusion matrix of decided against recommended track, Cohen's kappa, the
agreement on the form among candidates both decided and recommended for commonization, and
for each disagreement what drives it (the gate not met, the forbidding rule, or the unknown
indicators that keep the route open). Analysts run it before proposing a calibration change,
to see what the change does to agreement with the council's past decisions.

A candidate still under study agrees when the rules give it no confident track either
(needs information), which is one category with "under study" for kappa. "Deferred" says
nothing about a track and is left out, and so are decisions in files whose figures are
illustrative: agreement is measured against what really happened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len

from commonize.results import OK, Result
from commonize.rules.load import RuleSet

DECIDED = ("standardize", "commonize", "joint_procurement", "under_study")
RECOMMENDED = ("standardize", "commonize", "joint_procurement", "needs_information")
# The category each label falls in for kappa: "still open" on both sides is one.
_CATEGORY = {"under_study": "open", "needs_information": "open"}


@dataclass(frozen=True)
class Case:
    id: str
    path: str
    decided: str
    recommended: str
    agrees: bool
    basis: str  # stated | reading
    decided_form: str | None
    recommended_form: str | None
    driver: str  # what the verdict rests on, for a disagreement


@dataclass(frozen=True)
class Agreement:
    cases: tuple[Case, ...]

    @property
    def decided(self) -> int:
        return len(self.cases)

    @property
    def agreeing(self) -> int:
        return sum(c.agrees for c in self.cases)

    @property
    def rate(self) -> float:
        return self.agreeing / self.decided if self.cases else 0.0

    @property
    def matrix(self) -> dict[str, dict[str, int]]:
        counts = Counter((c.decided, c.recommended) for c in self.cases)
        return {d: {r: counts[d, r] for r in RECOMMENDED} for d in DECIDED}

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa over standardize / commonize / joint procurement / still open;
        None when chance agreement is total (one category only), where kappa is undefined."""
        n = len(self.cases)
        if not n:
            return None
        a = Counter(_CATEGORY.get(c.decided, c.decided) for c in self.cases)
        b = Counter(_CATEGORY.get(c.recommended, c.recommended) for c in self.cases)
        observed = (
            sum(
                _CATEGORY.get(c.decided, c.decided) == _CATEGORY.get(c.recommended, c.recommended)
                for c in self.cases
            )
            / n
        )
        expected = sum(a[k] * b[k] for k in a) / (n * n)
        return None if expected == 1 else (observed - expected) / (1 - expected)

    @property
    def forms(self) -> tuple[int, int]:
        """(same form, compared): commonized on both sides with a decided form."""
        both = [
            c
            for c in self.cases
            if c.decided == "commonize" == c.recommended and c.decided_form is not None
        ]
        return sum(c.decided_form == c.recommended_form for c in both), len(both)

    @property
    def disagreements(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if not c.agrees)


def agreement(results: Iterable[Result], ruleset: RuleSet) -> Agreement:
    cases = []
    for r in results:
        d = r.decision
        if r.status != OK or d is None or d.track not in DECIDED or r.identity is None:
            continue
        if d.illustrative:
            continue
        recommended = r.verdict or "needs_information"
        cases.append(
            Case(
                id=r.identity.id,
                path=r.path,
                decided=d.track,
                recommended=recommended,
                agrees=not d.disagrees,
                basis=d.basis,
                decided_form=d.form,
                recommended_form=r.form,
                driver="" if not d.disagrees else driver(r, ruleset),
            )
        )
    return Agreement(tuple(sorted(cases, key=lambda c: c.id)))


def driver(r: Result, ruleset: RuleSet) -> str:
    """What the verdict rests on, in rule ids and field paths an analyst can look up."""
    if r.track is None:
        first = [u.field for u in r.unknowns if u.could_change_outcome][:3]
        return f"open at {r.stopped_at}: unknown " + ", ".join(first)
    if r.track == "joint_procurement":
        gate = next(g for g in r.gates if g.id == r.stopped_at)
        blocking = [f.id for f in gate.fired if not f.waivable]
        if blocking:
            return f"ruled out by {', '.join(blocking)} (not waivable)"
        against = [f"{f.id} {f.points:+}" for f in gate.fired if f.points < 0]
        missing = [i for i in gate.not_fired if ruleset.rules[i].points > 0][:3]
        parts = [f"{gate.id} not met ({gate.maximum}/{gate.threshold} at best)"]
        if against:
            parts.append("against: " + ", ".join(against))
        if missing:
            parts.append("not met: " + ", ".join(missing))
        return "; ".join(parts)
    if r.track == "commonize":
        low = min(r.gates, key=lambda g: g.score - g.threshold)
        return f"all gates met; closest {low.id} {low.score}/{low.threshold}"
    return r.track


def to_json(a: Agreement, before: Agreement | None = None) -> dict[str, object]:
    same, compared = a.forms
    doc: dict[str, object] = {
        "format": "commonize-agreement",
        "format_version": 1,
        "decided": a.decided,
        "agreeing": a.agreeing,
        "rate": round(a.rate, 4),
        "kappa": None if a.kappa is None else round(a.kappa, 4),
        "forms": {"same": same, "compared": compared},
        "matrix": a.matrix,
        "cases": [vars(c) for c in a.cases],
    }
    if before is not None:
        doc["before"] = {
            "agreeing": before.agreeing,
            "rate": round(before.rate, 4),
            "kappa": None if before.kappa is None else round(before.kappa, 4),
        }
        doc["changed"] = [
            {"id": new.id, "before": old.recommended, "after": new.recommended}
            for old, new in zip(before.cases, a.cases, strict=True)
            if old.recommended != new.recommended
        ]
    return doc


def to_text(a: Agreement, label: dict[str, str], before: Agreement | None = None) -> str:
    """The matrix (decided down, recommended across, numbered columns so it fits 80
    columns), the figures, the disagreements."""
    corner = "decided \\ recommended"
    width = max(len(corner), *(cell_len(label[d]) for d in DECIDED)) + 2
    lines = [
        "decided \\ recommended".ljust(width) + "".join(f"({i})".rjust(6) for i in range(1, 5))
    ]
    for d, row in a.matrix.items():
        pad = " " * (width - cell_len(label[d]))
        lines.append(label[d] + pad + "".join(str(row[r]).rjust(6) for r in RECOMMENDED))
    lines += [f"  ({i}) {label[r]}" for i, r in enumerate(RECOMMENDED, 1)]
    kappa = "undefined" if a.kappa is None else f"{a.kappa:.2f}"
    same, compared = a.forms
    lines += [
        "",
        f"agreement: {a.agreeing}/{a.decided} = {a.rate:.1%}; Cohen's kappa {kappa}; "
        f"form: {same}/{compared} the same",
    ]
    if before is not None:
        was = "undefined" if before.kappa is None else f"{before.kappa:.2f}"
        lines.append(
            f"before --set: {before.agreeing}/{before.decided} = {before.rate:.1%}; kappa {was}"
        )
        for old, new in zip(before.cases, a.cases, strict=True):
            if old.recommended != new.recommended:
                lines.append(f"  {new.id}: {label[old.recommended]} → {label[new.recommended]}")
    if a.disagreements:
        lines += ["", "disagreements:"]
        for c in a.disagreements:
            reading = " (our reading)" if c.basis == "reading" else ""
            lines.append(
                f"  {c.id}: decided {label[c.decided]}{reading}, "
                f"recommended {label[c.recommended]}: {c.driver}"
            )
    return "\n".join(lines) + "\n"
