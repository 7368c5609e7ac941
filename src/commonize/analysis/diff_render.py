"""Decision diff output: text, table, Markdown (for pull requests) and JSON, registered by name."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any, TextIO

from commonize.analysis.diff import CandidateDiff, Change, Diff, Side
from commonize.labels import text

FORMAT, FORMAT_VERSION = "commonize-diff", 1


def _w(key: str, lang: str, **fields: Any) -> str:
    return text(f"diff.{key}", lang, **fields)


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _side(side: Side) -> str:
    what = " ".join(x for x in (side.name, side.version) if x)
    sha = f", {side.sha256[:12]}" if side.sha256 else ""
    return f"{side.source} ({what}{sha})" if what or sha else side.source


def _summary(d: Diff, lang: str) -> str:
    count = {k: sum(1 for c in d.candidates if c.kind == k) for k in ("gates", "added", "removed")}
    moved = sum(1 for c in d.candidates if c.kind == "moved")
    return _w("summary", lang, n=d.compared, moved=moved, **count)


def _headline(c: CandidateDiff, lang: str) -> tuple[str, str]:
    before = c.old.headline() if c.old else _w("added", lang)
    after = c.new.headline() if c.new else _w("removed", lang)
    return before, after


def _change(c: Change) -> str:
    return f"{c.key}: {fmt(c.old)} → {fmt(c.new)}"


def render_text(d: Diff, out: TextIO, lang: str) -> None:
    out.write(f"{_w('title', lang)}: {_side(d.old)} → {_side(d.new)}\n")
    if d.rule_changes:
        out.write(f"{_w('rules', lang)}:\n")
        out.writelines(f"  {_change(c)}\n" for c in d.rule_changes)
    out.write(_summary(d, lang) + "\n")
    for c in d.candidates:
        before, after = _headline(c, lang)
        path = (c.new or c.old).path  # type: ignore[union-attr]
        out.write(f"\n{c.key}  ({path})\n  {before} → {after}\n")
        out.writelines(f"  - {_change(x)}\n" for x in c.changes)
        if c.why:
            out.write(f"  {_w('why', lang)}:\n")
            out.writelines(f"  - {_change(x)}\n" for x in c.why)


def render_table(d: Diff, out: TextIO, lang: str) -> None:
    rows = [(_w("candidate", lang), _w("before", lang), _w("after", lang), _w("why_h", lang))]
    for c in d.candidates:
        before, after = _headline(c, lang)
        rows.append((c.key, before, after, "; ".join(_change(x) for x in c.why)))
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    out.write(_summary(d, lang) + "\n")
    if len(rows) == 1:
        return
    for row in rows:
        cells = [row[i] + " " * (widths[i] - _width(row[i])) for i in range(3)]
        out.write("  ".join([*cells, row[3]]).rstrip() + "\n")


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_markdown(d: Diff, out: TextIO, lang: str) -> None:
    out.write(f"## {_w('title', lang)}\n\n")
    out.write(
        f"- {_w('before', lang)}: {_md(_side(d.old))}\n- {_w('after', lang)}: {_md(_side(d.new))}\n\n"
    )
    if d.rule_changes:
        out.write(
            f"| {_w('rules', lang)} | {_w('before', lang)} | {_w('after', lang)} |\n|---|---|---|\n"
        )
        out.writelines(
            f"| `{c.key}` | {_md(fmt(c.old))} | {_md(fmt(c.new))} |\n" for c in d.rule_changes
        )
        out.write("\n")
    out.write(f"{_summary(d, lang)}\n")
    moved = [c for c in d.candidates if c.kind != "gates"]
    gates_only = [c for c in d.candidates if c.kind == "gates"]
    if moved:
        out.write("\n")
        _md_table(moved, out, lang)
    if gates_only:
        out.write(f"\n<details><summary>{_w('gates_only', lang)} ({len(gates_only)})</summary>\n\n")
        _md_table(gates_only, out, lang)
        out.write("\n</details>\n")


def _md_table(rows: list[CandidateDiff], out: TextIO, lang: str) -> None:
    head = (
        _w("candidate", lang),
        _w("before", lang),
        _w("after", lang),
        _w("change", lang),
        _w("why_h", lang),
    )
    out.write("| " + " | ".join(head) + " |\n|---|---|---|---|---|\n")
    for c in rows:
        before, after = _headline(c, lang)
        changes = "<br>".join(_md(_change(x)) for x in c.changes if x.key.startswith("gates."))
        why = "<br>".join(_md(_change(x)) for x in c.why)
        out.write(f"| `{c.key}` | {_md(before)} | {_md(after)} | {changes} | {why} |\n")


def _md(text: str) -> str:
    """Table-cell safe: no pipes, no HTML, no line breaks."""
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("\n", " ")):
        text = text.replace(raw, safe)
    return text


def render_json(d: Diff, out: TextIO, lang: str) -> None:
    json.dump(document(d), out, ensure_ascii=False, indent=2, sort_keys=True)
    out.write("\n")


def document(d: Diff) -> dict[str, Any]:
    def change(c: Change) -> dict[str, Any]:
        return {"key": c.key, "old": c.old, "new": c.new}

    def side(s: Side) -> dict[str, Any]:
        return {"source": s.source, "name": s.name, "version": s.version, "sha256": s.sha256}

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "old": side(d.old),
        "new": side(d.new),
        "rule_changes": [change(c) for c in d.rule_changes],
        "summary": {
            "compared": d.compared,
            **{
                k: sum(1 for c in d.candidates if c.kind == k)
                for k in ("moved", "gates", "added", "removed")
            },
        },
        "candidates": [
            {
                "id": c.key,
                "kind": c.kind,
                "old": c.old.headline() if c.old else None,
                "new": c.new.headline() if c.new else None,
                "changes": [change(x) for x in c.changes],
                "why": [change(x) for x in c.why],
            }
            for c in d.candidates
        ],
    }


RENDERERS: dict[str, Callable[[Diff, TextIO, str], None]] = {
    "text": render_text,
    "table": render_table,
    "markdown": render_markdown,
    "json": render_json,
}
