"""``--format markdown``: a summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Counts per track, the candidates that changed since the baseline, the failures with links
to file:line, then the other findings folded away. Candidate text is escaped: a name is
data, never markup.
"""

from __future__ import annotations

import re
from typing import TextIO

from commonize.api import Batch
from commonize.findings import Analysis, Finding, analyse, state_label
from commonize.labels import text
from commonize.render import RenderOptions
from commonize.render.common import batch_summary, borderline

# Enough to keep text literal: links need "[", HTML "<" or "&", emphasis "*" or "_".
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    lang = options.lang
    analysis = analyse(batch, options.policy, options.baseline)
    lines = [f"## {_l('title', lang)}", "", _verdict(analysis, lang), ""]
    lines += [escape(batch_summary(batch, lang, options.validate_only)), ""]
    if not options.validate_only:
        lines += _counts(batch, lang)
    if options.baseline is not None:
        lines += _changes(batch, analysis, lang)
    lines += _borderline(batch, lang)
    if analysis.failing:
        lines += [f"### {_l('failures', lang)} ({len(analysis.failing)})", ""]
        lines += [_item(f, options) for f in analysis.failing] + [""]
    others = [f for f in analysis.findings if not f.fails]
    if others:
        summary = f"{_l('others', lang)} ({len(others)})"
        lines += ["<details>", f"<summary>{summary}</summary>", ""]
        lines += [_item(f, options) for f in others] + ["", "</details>", ""]
    out.write("\n".join(lines).rstrip("\n") + "\n")


def escape(text: str) -> str:
    """Candidate text as literal Markdown: no links, emphasis, HTML or table breaks."""
    return _SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _l(key: str, lang: str, **fields: object) -> str:
    return text(f"markdown.{key}", lang, **fields)


def _verdict(analysis: Analysis, lang: str) -> str:
    code = analysis.exit_code
    return f"**{_l('passed', lang)}**" if code == 0 else f"**{_l('failed', lang, code=code)}**"


def _counts(batch: Batch, lang: str) -> list[str]:
    rows = [f"| {_l('track', lang)} | {_l('count', lang)} |", "|:--|--:|"]
    for name, track in batch.ruleset.meta.tracks:
        n = sum(1 for r in batch.results if r.track == name)
        rows.append(f"| {escape(track.label.get(lang))} | {n} |")
    rows.append(f"| {escape(text('messages.invalid', lang))} | {len(batch.invalid)} |")
    return [*rows, ""]


def _changes(batch: Batch, analysis: Analysis, lang: str) -> list[str]:
    head = [f"### {_l('changes', lang)} ({len(analysis.changes)})", ""]
    if not analysis.changes:
        return [*head, _l("no_changes", lang), ""]
    rs = batch.ruleset
    rows = [
        f"| {_l('candidate', lang)} | {_l('before', lang)} | {_l('after', lang)} |",
        "|:--|:--|:--|",
    ]
    for c in analysis.changes:
        who = f"{_code(c.id)} ({_code(c.path)})" if c.id else _code(c.path)
        who = who.replace("|", "\\|")  # a pipe ends a table cell, even inside code
        before, after = state_label(c.before, rs, lang), state_label(c.after, rs, lang)
        rows.append(f"| {who} | {escape(before)} | {escape(after)} |")
    return [*head, *rows, ""]


def _borderline(batch: Batch, lang: str) -> list[str]:
    marked = [(r, borderline(r, lang)) for r in batch.results]
    rows = [f"- `{r.id}`: {escape(m)}" for r, m in marked if m]
    return [f"### {_l('borderline', lang)} ({len(rows)})", "", *rows, ""] if rows else []


def _item(f: Finding, options: RenderOptions) -> str:
    who = f" {_code(f.candidate)}" if f.candidate else ""
    return f"- {link(f, options.link_base)} **{f.rule}**{who}: {escape(f.message[options.lang])}"


def link(f: Finding, base: str | None) -> str:
    """``file:line:column`` linked to the line: on GitHub when ``base`` is given, else relative."""
    loc = f.location
    label = _code(str(loc))
    if loc.path.startswith("/") or "://" in loc.path:
        return label  # an absolute path means nothing to a reader of the comment
    target = (base.rstrip("/") + "/" if base else "") + loc.path.replace(" ", "%20")
    if loc.line is not None:
        target += f"#L{loc.line}"
    return f"[{label}]({target})"


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"
