"""``--format github``: GitHub Actions workflow commands, grouped per file.

``::error file=…,line=…,col=…::message`` lines become annotations on the pull request's
diff; ``::group::`` folds each file's lines in the log. The last line is the summary.
"""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from commonize.api import Batch
from commonize.findings import Finding, analyse
from commonize.render import RenderOptions
from commonize.render.common import batch_summary

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    analysis = analyse(batch, options.policy, options.baseline)
    for path, found in groupby(analysis.findings, key=lambda f: f.location.path):
        out.write(f"::group::{_data(path)}\n")
        for f in found:
            out.write(annotation(f, options.lang) + "\n")
        out.write("::endgroup::\n")
    out.write(batch_summary(batch, options.lang, options.validate_only) + "\n")


def annotation(f: Finding, lang: str) -> str:
    loc = f.location
    props = [f"file={_prop(loc.path)}"]
    if loc.line is not None:
        props.append(f"line={loc.line}")
        if loc.column is not None:
            props.append(f"col={loc.column}")
    props.append(f"title={_prop('commonize ' + f.rule)}")
    return f"::{_COMMAND[f.level]} {','.join(props)}::{_data(f.message[lang])}"


def _data(text: str) -> str:
    # The escapes the Actions runner decodes; anything else passes through as is.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
