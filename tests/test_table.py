"""``--format table``: readable at 80 and 120 columns, in Japanese and English, in colour or not."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from rich.cells import cell_len

from commonize.api import Batch, evaluate_paths
from commonize.render import RenderOptions, reporter
from commonize.render.common import track_label
from conftest import CANDIDATES, run_cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def shipped(compiled) -> Batch:
    return evaluate_paths([CANDIDATES], compiled)


def table(batch: Batch, lang: str, width: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    reporter("table")(batch, out, RenderOptions(lang=lang))
    return out.getvalue().splitlines()


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("width", [80, 120])
def test_every_candidate_fits_in_two_lines_with_its_track(shipped, lang, width, monkeypatch):
    lines = table(shipped, lang, width, monkeypatch)
    # Measured in terminal cells: a Japanese character takes two.
    assert all(cell_len(line) <= width for line in lines[:-1]), "\n".join(lines)
    ids = [r.id for r in shipped.results]
    starts = [i for i, line in enumerate(lines) if line.split(" ")[0] in ids]
    assert [lines[i].split(" ")[0] for i in starts] == ids
    legend = next(i for i, line in enumerate(lines) if line.startswith("①"))
    for r, start, end in zip(shipped.results, starts, [*starts[1:], legend], strict=True):
        assert end - start <= 2, lines[start:end]
        first = lines[start]
        # The track (or status) and every gate score are on the candidate's first line: the
        # full label, or for every row the rule set's short one when the ids leave no room.
        short = shipped.ruleset.verdict_short(r.verdict, lang)
        assert first.endswith((track_label(r, shipped.ruleset, lang), short)), first
        for g in r.gates:
            score = f"{g.minimum}~{g.maximum}" if g.status == "unknown" else f"{g.score}"
            assert score in first, (score, first)


def test_the_name_yields_to_the_form_and_no_form_is_cut(shipped, monkeypatch):
    lines = table(shipped, "en", 80, monkeypatch)
    second = lines[lines.index(next(x for x in lines if x.startswith("disaster-evacuee"))) + 1]
    assert second.endswith("· Digital public infrastructure (DPI) / Go once conditions are met")
    assert "…" in second  # the name was cut to fit, not the form
    wide = table(shipped, "en", 120, monkeypatch)
    assert (
        "Disaster shelter" in "\n".join(wide)
        and "Library management system"
        in wide[wide.index(next(x for x in wide if x.startswith("library-system"))) + 1]
    )


def test_a_status_takes_the_track_column(shipped, monkeypatch):
    r = next(x for x in shipped.results if x.id == "library-system")
    waiting = replace(
        r, track=None, possible_tracks=("commonize", "joint_procurement"), form=None, readiness=None
    )
    batch = Batch(shipped.ruleset, (waiting,))
    for lang, word in (("en", "Needs information"), ("ja", "要追加調査")):
        first = next(x for x in table(batch, lang, 80, monkeypatch) if x.startswith("library"))
        assert first.endswith(word)


def test_the_legend_explains_every_mark(shipped, monkeypatch):
    text = " ".join(table(shipped, "en", 80, monkeypatch))
    for mark in ("✓ met", "✗ not met", "? undetermined", "(6) not examined", "≠ the council"):
        assert mark in text
    ja = " ".join(table(shipped, "ja", 80, monkeypatch))
    assert "? 未確定" in ja and "≠ 会議の決定" in ja


EX = ["evaluate", "candidates/library-system.yaml", "-f", "table"]


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, False),  # a pipe
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the flag wins
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_follows_the_flag_then_no_color_and_force_color(args, env, coloured):
    proc = run_cli(*EX, *args, env=env)
    assert proc.returncode == 0, proc.stderr
    colours = [c for c in ANSI.findall(proc.stdout) if c.startswith("\x1b[3")]
    assert bool(colours) == coloured, proc.stdout
    assert ANSI.sub("", proc.stdout).splitlines()[2].startswith("library-system  ✓ 8")
