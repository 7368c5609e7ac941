"""Coverage-guided fuzzing of issue 14's ground: file names, output targets, rule sizes,
cache entries and decision records (atheris; ``uv sync --extra fuzz``).

    uv run python fuzz/fuzz_robustness.py -atheris_runs=100000     # or -max_total_time=600

The first byte chooses what to fuzz; the rest is the material. A crash is any exception
other than commonize's own errors (a usage error, an error result), or an output that is
not valid UTF-8, or a cached result that differs from the uncached one. The suite's
``tests/test_robustness_properties.py`` covers the same properties in seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["commonize"]):
    from commonize.api import evaluate_paths, load_rules
    from commonize.atomic import check_target
    from commonize.cache import FILE
    from commonize.errors import CommonizeError, RuleSetError
    from commonize.records import verify_record, write_records
    from commonize.render.json_out import stream
    from commonize.rules.compiler import EngineRule
    from commonize.rules.limits import check_engine_size

COMPILED = load_rules()
TODAY = dt.date(2026, 11, 27)
SEED = (Path(__file__).resolve().parents[1] / "candidates" / "library-system.yaml").read_bytes()


def file_name(fdp: atheris.FuzzedDataProvider, tmp: Path) -> None:
    raw = fdp.ConsumeBytes(60).replace(b"/", b"_").replace(b"\0", b"_").lstrip(b".") or b"x"
    with open(os.fsencode(tmp) + b"/" + raw + b".yaml", "wb") as fh:
        fh.write(SEED)
    batch = evaluate_paths([tmp], COMPILED, today=TODAY)
    out = io.StringIO()
    stream(iter(batch.results), COMPILED.ruleset, out)
    out.getvalue().encode("utf-8")


def output_target(fdp: atheris.FuzzedDataProvider, tmp: Path) -> None:
    name = fdp.ConsumeUnicodeNoSurrogates(40).replace("\0", "_") or "x"
    target = tmp / name
    try:
        check_target(target)
    except CommonizeError:
        return
    except OSError:
        return  # a name the system refuses outright is no target
    if target.exists():
        assert target.is_file() and not target.is_symlink()


def rule_size(fdp: atheris.FuzzedDataProvider, tmp: Path) -> None:
    def pattern(depth: int) -> dict:
        if depth == 0 or fdp.ConsumeIntInRange(0, 2) == 0:
            return {"x": fdp.ConsumeIntInRange(0, 9)}
        op = "$or" if fdp.ConsumeBool() else "$and"
        return {op: [pattern(depth - 1) for _ in range(fdp.ConsumeIntInRange(1, 30))]}

    rules = [EngineRule(f"r{i}", 1, pattern(4)) for i in range(fdp.ConsumeIntInRange(1, 5))]
    try:
        check_engine_size(COMPILED.ruleset, rules)
    except RuleSetError:
        pass


def cache_entry(fdp: atheris.FuzzedDataProvider, tmp: Path) -> None:
    cand, cache = tmp / "c.yaml", tmp / "cache"
    cand.write_bytes(SEED)
    expected = evaluate_paths([cand], COMPILED, today=TODAY, cache_dir=cache)
    column = ["result", "json_line", "mac", "context", "key"][fdp.ConsumeIntInRange(0, 4)]
    db = sqlite3.connect(cache / FILE)
    db.execute(f"UPDATE entries SET {column} = ?", (fdp.ConsumeUnicode(200),))
    db.commit()
    db.close()
    again = evaluate_paths([cand], COMPILED, today=TODAY, cache_dir=cache)
    assert again.results == expected.results


def record(fdp: atheris.FuzzedDataProvider, tmp: Path) -> None:
    cand = tmp / "c.yaml"
    cand.write_bytes(SEED)
    batch = evaluate_paths([cand], COMPILED, today=TODAY)
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    (path,) = write_records(batch, tmp / "rec", Path(COMPILED.ruleset.path), TODAY, now)
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = sorted(data)
    key = keys[fdp.ConsumeIntInRange(0, len(keys) - 1)]
    try:
        data[key] = json.loads(fdp.ConsumeUnicode(100))
    except ValueError:
        data[key] = fdp.ConsumeUnicode(20)
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        verify_record(path)
    except CommonizeError:
        pass


TARGETS = [file_name, output_target, rule_size, cache_entry, record]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    target = TARGETS[fdp.ConsumeIntInRange(0, len(TARGETS) - 1)]
    with tempfile.TemporaryDirectory(prefix="commonize-fuzz-") as tmp:
        target(fdp, Path(tmp))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
