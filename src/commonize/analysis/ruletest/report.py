"""Rule-test reports: text for people (a diff per failing case), JUnit XML for CI."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TextIO

from commonize.analysis.ruletest.coverage import Coverage, percent_text
from commonize.analysis.ruletest.run import ERROR, FAIL, PASS, CaseResult, FileResult

MARK = {PASS: "✓", FAIL: "✗", ERROR: "E"}


@dataclass(frozen=True)
class Totals:
    passed: int
    failed: int
    errors: int  # broken cases, and files that could not be read

    @property
    def ok(self) -> bool:
        return not (self.failed or self.errors)


def totals(files: list[FileResult]) -> Totals:
    cases = [c for f in files for c in f.cases]
    return Totals(
        sum(1 for c in cases if c.status == PASS),
        sum(1 for c in cases if c.status == FAIL),
        sum(1 for c in cases if c.status == ERROR) + sum(1 for f in files if f.spec.problems),
    )


def diff_lines(case: CaseResult) -> list[str]:
    """Expected (-) against actual (+), one pair per expectation not met."""
    out = []
    for m in case.mismatches:
        out.append(f"- {m.key}: {m.expected}")
        out.append(f"+ {m.key}: {m.actual}" + (f"   # {m.note}" if m.note else ""))
    out.extend(str(p) for p in case.spec.problems)
    return out


def write_text(
    files: list[FileResult],
    cov: Coverage,
    out: TextIO,
    *,
    quiet: bool = False,
    min_cov: float | None = None,
) -> None:
    for f in files:
        shown = [c for c in f.cases if not (quiet and c.status == PASS)]
        if not shown and not f.spec.problems:
            continue
        out.write(f"{f.spec.path}\n")
        out.writelines(f"  E {p}\n" for p in f.spec.problems)
        for c in shown:
            where = f"  ({c.spec.location})" if c.status != PASS else ""
            out.write(f"  {MARK[c.status]} {c.spec.name}{where}\n")
            out.writelines(f"      {line}\n" for line in diff_lines(c))
    write_coverage(cov, out, min_cov)
    t = totals(files)
    out.write(f"{t.passed} passed, {t.failed} failed, {t.errors} errors\n")


def write_coverage(cov: Coverage, out: TextIO, min_cov: float | None = None) -> None:
    groups = ", ".join(f"{g} {n}/{total}" for g, (n, total) in cov.by_group().items() if total)
    fired = len(cov.rules) - len(cov.missing)
    out.write(
        f"coverage: {fired} of {len(cov.rules)} rules fired ({percent_text(cov.percent)}): {groups}\n"
    )
    if cov.missing:
        out.write("  never fired: " + ", ".join(cov.missing) + "\n")
    if min_cov is not None and cov.percent < min_cov:
        out.write(f"coverage {percent_text(cov.percent)} is below --min-coverage {min_cov:g}%\n")


def junit(files: list[FileResult], cov: Coverage, min_cov: float | None = None) -> str:
    """JUnit XML (the dialect CI servers read): a suite per file, a case per test case."""
    t = totals(files)
    root = ET.Element("testsuites", name="commonize rules test")
    for f in files:
        suite = ET.SubElement(root, "testsuite", name=f.spec.path)
        counts = {PASS: 0, FAIL: 0, ERROR: 0}
        if f.spec.problems:
            case = ET.SubElement(
                suite, "testcase", classname=_classname(f.spec.path), name="(file)"
            )
            error = ET.SubElement(case, "error", message="the test file cannot be used")
            error.text = "\n".join(str(p) for p in f.spec.problems)
            counts[ERROR] += 1
        for c in f.cases:
            counts[c.status] += 1
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_classname(f.spec.path),
                name=c.spec.name,
                file=c.spec.file,
                line=str(c.spec.location.line or 1),
            )
            if c.status == FAIL:
                node = ET.SubElement(
                    case, "failure", message=f"{len(c.mismatches)} expectations not met"
                )
                node.text = "\n".join(diff_lines(c))
            elif c.status == ERROR:
                node = ET.SubElement(case, "error", message="the case cannot be run")
                node.text = "\n".join(diff_lines(c))
        _counts(suite, sum(counts.values()), counts[FAIL], counts[ERROR])
    failed_cov = 0
    if min_cov is not None:
        suite = ET.SubElement(root, "testsuite", name="coverage")
        case = ET.SubElement(suite, "testcase", classname="coverage", name=f"at least {min_cov:g}%")
        if cov.percent < min_cov:
            failed_cov = 1
            node = ET.SubElement(case, "failure", message=f"coverage {percent_text(cov.percent)}")
            node.text = "never fired: " + ", ".join(cov.missing)
        _counts(suite, 1, failed_cov, 0)
    total = t.passed + t.failed + t.errors + (1 if min_cov is not None else 0)
    _counts(root, total, t.failed + failed_cov, t.errors)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _counts(node: ET.Element, tests: int, failures: int, errors: int) -> None:
    node.set("tests", str(tests))
    node.set("failures", str(failures))
    node.set("errors", str(errors))


def _classname(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"rules.{stem}"
