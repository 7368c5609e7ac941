"""``--format sarif``: SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, IDEs).

One result per finding, each pointing at the YAML key it is about; the rules section
describes every check with the policy clause behind it. No timestamps and sorted keys, so
the same inputs give byte-identical output.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from commonize.findings import Check, Finding, analyse, checks
from commonize.render import RenderOptions
from commonize.results import Batch
from commonize.rules.load import RuleSet
from commonize.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    json.dump(document(batch, options), out, ensure_ascii=False, indent=2, sort_keys=True)
    out.write("\n")


def document(batch: Batch, options: RenderOptions) -> dict[str, Any]:
    rs, lang = batch.ruleset, options.lang
    analysis = analyse(batch, options.policy, options.baseline)
    descriptors = checks(rs)
    index = {c.id: i for i, c in enumerate(descriptors)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "commonize",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_descriptor(c, rs, lang) for c in descriptors],
                "properties": {
                    "ruleset": {
                        "name": rs.meta.name,
                        "version": rs.meta.version,
                        "sha256": rs.sha256,
                    }
                },
            }
        },
        # libyaml counts columns in characters, not UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "exitCode": analysis.exit_code}],
        "results": [_result(f, index[f.rule], rs, lang) for f in analysis.findings],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _descriptor(c: Check, rs: RuleSet, lang: str) -> dict[str, Any]:
    text = c.description[lang]
    out: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "shortDescription": {"text": text},
        "defaultConfiguration": {"level": c.level},
    }
    if c.clause is not None:
        clause = rs.meta.clauses[c.clause]
        out["fullDescription"] = {"text": f"{text}. {clause.get(lang)}"}
        out["help"] = {"text": clause.get(lang)}
        out["properties"] = {"clause": {"id": c.clause, "ja": clause.ja, "en": clause.en}}
    else:
        out["fullDescription"] = {"text": text}
    return out


def _result(f: Finding, rule_index: int, rs: RuleSet, lang: str) -> dict[str, Any]:
    loc = f.location
    physical: dict[str, Any] = {"artifactLocation": artifact(loc.path)}
    if loc.line is not None:
        physical["region"] = {"startLine": loc.line, "startColumn": loc.column or 1}
    props: dict[str, Any] = {"key": f.key, **f.properties}
    if f.candidate is not None:
        props["candidate"] = f.candidate
    if f.clause is not None:
        clause = rs.meta.clauses[f.clause]
        props["clause"] = {"id": f.clause, "ja": clause.ja, "en": clause.en}
    return {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": f.level,
        "message": {"text": f.message[lang]},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"commonize/v1": f.fingerprint},
        "properties": props,
    }


def artifact(path: str) -> dict[str, str]:
    """A file as a SARIF URI: relative to the checkout when it was named so."""
    if PureWindowsPath(path).drive or PurePosixPath(path).is_absolute():
        posix = PureWindowsPath(path).as_posix() if PureWindowsPath(path).drive else path
        return {"uri": "file://" + ("" if posix.startswith("/") else "/") + quote(posix)}
    return {"uri": quote(PurePosixPath(path).as_posix()), "uriBaseId": SRCROOT}
