"""``--format github``: GitHub Actions workflow commands, grouped per file.

``::error file=…,line=…,col=…::message`` lines become annotations on the pull request's
diff; ``::group::`` folds each file's lines in the log. The last line is the summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from commonize.findings import analyse
from commonize.render.common import batch_summary, validated_line
from commonize.results import Batch

if TYPE_CHECKING:
    from commonize.findings import Analysis, Finding
    from commonize.render import RenderOptions
    from commonize.results import Result

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    if options.validate_only:
        write_validation(batch.results, out, options)
        return
    _write(analyse(batch, options.policy, options.baseline), out, options.lang)
    out.write(batch_summary(batch, options.lang, options.validate_only) + "\n")


def write_validation(results: Iterable[Result], out: TextIO, options: RenderOptions) -> None:
    """`commonize validate`: an annotation per problem, grouped per file, then the count.

    Results go by one at a time and only the invalid ones are kept: a valid file of a
    validate run has nothing to annotate, so memory follows the problems, not the batch.
    Their findings are sorted by place like those of any run.
    """
    files, invalid = 0, []
    for r in results:
        files += 1
        if r.status == "invalid":
            invalid.append(r)
    # No rule ran, so no finding reads the rule set: validate loads none when every format
    # it writes is a streaming one (it reads only the standardized business ids).
    kept = Batch(None, tuple(invalid))  # type: ignore[arg-type]
    _write(analyse(kept, options.policy, options.baseline), out, options.lang)
    out.write(validated_line(files, len(invalid), options.lang) + "\n")


def _write(analysis: Analysis, out: TextIO, lang: str) -> None:
    for path, found in groupby(analysis.findings, key=lambda f: f.location.path):
        out.write(f"::group::{_data(path)}\n")
        for f in found:
            out.write(annotation(f, lang) + "\n")
        out.write("::endgroup::\n")


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
