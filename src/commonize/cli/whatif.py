"""whatif: the smallest single-indicator changes that would change a candidate's track."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from commonize.cli import (
    CandidateIdArg,
    CandidatesOpt,
    FormatOpt,
    LangOpt,
    RulesOpt,
    app,
    guard,
    lang_or_default,
    paths_or_default,
)
from commonize.errors import UsageError

if TYPE_CHECKING:  # imported when a command runs: `commonize --help` stays fast
    from commonize.models import Candidate
    from commonize.rules.compiler import CompiledRuleset


class WhatIfFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("whatif")
def whatif_cmd(
    candidate_id: CandidateIdArg,
    paths: CandidatesOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
    fmt: Annotated[WhatIfFormat, FormatOpt] = WhatIfFormat.text,
) -> None:
    """Which single indicator, changed how far, would change the track (and the gate it stops at)."""

    def run() -> int:
        from commonize.api import load_rules

        compiled = load_rules(rules)
        path = find_candidate(candidate_id, paths_or_default(paths), compiled)
        if fmt is WhatIfFormat.json:
            import json

            from commonize.analysis.whatif import whatif
            from commonize.analysis.whatif_render import document

            doc = document(whatif(_candidate(path, compiled), compiled))
            typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True))
        else:
            write_whatif_for(path, compiled, lang_or_default(lang), sys.stdout)
        return 0

    raise typer.Exit(guard(run))


def find_candidate(candidate_id: str, paths: list[Path], compiled: CompiledRuleset) -> Path:
    """The file of the valid candidate with this id. Raises ``UsageError`` with a hint."""
    import difflib

    from commonize.api import load_candidates

    loaded = load_candidates(paths, compiled.ruleset)
    for item in loaded:
        if item.candidate is not None and item.candidate.id == candidate_id:
            return Path(item.path)
    ids = [i.candidate.id for i in loaded if i.candidate]
    close = difflib.get_close_matches(candidate_id, ids, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageError(f"no valid candidate with id {candidate_id!r}{hint}", candidate_id)


def _candidate(path: Path, compiled: CompiledRuleset) -> Candidate:
    from commonize.api import load_candidate

    item = load_candidate(path, compiled.ruleset)
    if item.candidate is None:
        raise UsageError("; ".join(str(p) for p in item.problems), path)
    return item.candidate


def write_whatif_for(
    path: Path, compiled: CompiledRuleset, lang: str, out: TextIO, *, header: bool = True
) -> None:
    """The what-if section for one candidate file; ``explain --whatif`` calls it without header."""
    from commonize.analysis.whatif import whatif
    from commonize.analysis.whatif_render import write_whatif

    candidate = _candidate(path, compiled)
    if header:
        name = candidate.name.ja if lang == "ja" else candidate.name.en
        out.write(f"{candidate.id}  {name}  ({path.as_posix()})\n")
    write_whatif(whatif(candidate, compiled), compiled.ruleset, lang, out)
