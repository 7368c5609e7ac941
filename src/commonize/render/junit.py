"""``--format junit``: JUnit XML, one testcase per candidate file, for CI test reports.

A testcase fails when its file is invalid or when the CI policy (``--fail-on``) says so;
the other findings go to its ``system-out``. No timings, so output is byte-identical.
"""

from __future__ import annotations

import re
from typing import TextIO
from xml.etree import ElementTree as ET

from commonize.findings import Finding, analyse
from commonize.render import RenderOptions
from commonize.render.common import borderline, form_label, track_label
from commonize.results import INVALID, Batch, Result
from commonize.rules.load import RuleSet

SUITE = "commonize"
# Characters XML 1.0 cannot hold even escaped; a message quoting bad input may carry them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    analysis = analyse(batch, options.policy, options.baseline)
    cases = [_case(r, analysis.of(r.path), batch.ruleset, options) for r in batch.results]
    failures = sum(1 for c in cases if c.find("failure") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    suite.extend(cases)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def _case(r: Result, found: tuple[Finding, ...], rs: RuleSet, options: RenderOptions) -> ET.Element:
    lang = options.lang
    case = ET.Element(
        "testcase", {"classname": SUITE, "name": clean(r.id or r.path), "file": clean(r.path)}
    )
    failing = [f for f in found if f.fails]
    if failing:
        first = failing[0]
        failure = ET.SubElement(
            case, "failure", {"type": first.rule, "message": clean(first.message[lang])}
        )
        failure.text = clean("\n".join(_line(f, lang) for f in failing))
    lines = [] if r.status == INVALID else [_verdict(r, rs, options)]
    lines += [_line(f, lang) for f in found if not f.fails]
    if lines:
        ET.SubElement(case, "system-out").text = clean("\n".join(lines))
    return case


def _verdict(r: Result, rs: RuleSet, options: RenderOptions) -> str:
    if not r.gates:  # validate only
        return "valid"
    parts = [track_label(r, rs, options.lang), form_label(r, rs, options.lang)]
    parts.append(borderline(r, options.lang))
    return " / ".join(p for p in parts if p)


def _line(f: Finding, lang: str) -> str:
    return f"{f.location}: {f.level}: [{f.rule}] {f.message[lang]}"
