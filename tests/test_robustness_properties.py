"""Properties over issue 14's ground: file names, output targets, rule sizes, cache entries,
records and amplification. Each would have found the reported case it is named after.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonize.api import evaluate_paths, load_candidate, load_rules
from commonize.atomic import check_target
from commonize.cache import FILE
from commonize.discover import discover_names, is_text_name, shown_name
from commonize.errors import InputError, UsageError
from commonize.loader import Limits, parse
from commonize.records import verify_record, write_records
from commonize.resultsfile import write_results
from commonize.rules.limits import MAX_ALTERNATIVES, alternatives
from conftest import CANDIDATES

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TODAY = dt.date(2026, 11, 27)
SEED = (CANDIDATES / "library-system.yaml").read_bytes()
# Module-level rather than the fixture: hypothesis prints a failing example's arguments.
COMPILED = load_rules()

# File-name bytes: anything but "/" and NUL, weighted toward what breaks UTF-8.
_NAME_BYTES = (
    st.binary(min_size=1, max_size=40)
    .map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_"))
    .filter(lambda b: b not in (b".", b"..") and not b.startswith(b"."))
)


@SETTINGS
@given(raw=_NAME_BYTES)
def test_any_file_name_is_a_result_and_every_output_is_utf8(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        name = os.fsencode(tmp) + b"/" + raw + b".yaml"
        with open(name, "wb") as fh:
            fh.write(SEED)
        batch = evaluate_paths([tmp], COMPILED, today=TODAY)
        (result,) = batch.results
        out = io.StringIO()
        write_results(batch.results, COMPILED.ruleset, out)
        out.getvalue().encode("utf-8")  # raises if a lone surrogate got through
        assert is_text_name(result.path)
        if not is_text_name(os.fsdecode(name)):
            assert result.problems[0].message == "file name is not valid UTF-8"
        else:
            assert result.track is not None


@given(st.text(min_size=1, max_size=30).map(os.fsencode).map(os.fsdecode))
def test_shown_name_is_utf8_and_identity_on_text(name: str) -> None:
    shown = shown_name(name)
    shown.encode("utf-8")
    if is_text_name(name):
        assert shown == name


# --- output targets: only a regular file or a new name --------------------------------------

_KINDS = ["new", "file", "fifo", "symlink", "dir", "dev-null"]


@SETTINGS
@given(kind=st.sampled_from(_KINDS))
def test_output_targets_are_regular_files_or_new_names(kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out"
        if kind == "file":
            target.write_text("old")
        elif kind == "fifo":
            os.mkfifo(target)
        elif kind == "symlink":
            target.symlink_to(Path(tmp) / "elsewhere")
        elif kind == "dir":
            target.mkdir()
        elif kind == "dev-null":
            target = Path("/dev/null")
        if kind in ("new", "file"):
            check_target(target)
            return
        with pytest.raises(UsageError):
            check_target(target)
        if kind == "dev-null":
            assert stat.S_ISCHR(os.lstat(target).st_mode)


# --- rule sizes: the count the limit relies on is durable-rules' DNF size -------------------

_LEAF = st.builds(lambda i: {"x": i}, st.integers(0, 5))


def _patterns(depth: int = 3):
    if depth == 0:
        return _LEAF
    child = _patterns(depth - 1)
    return st.one_of(
        _LEAF,
        st.lists(child, min_size=1, max_size=4).map(lambda xs: {"$or": xs}),
        st.lists(child, min_size=1, max_size=4).map(lambda xs: {"$and": xs}),
    )


def _dnf(p) -> list[list]:
    ((op, items),) = p.items()
    if op == "$or":
        return [alt for x in items for alt in _dnf(x)]
    if op == "$and":
        out: list[list] = [[]]
        for x in items:
            out = [a + b for a in out for b in _dnf(x)]
        return out
    return [[p]]


@given(_patterns())
def test_alternatives_counts_the_dnf_durable_rules_builds(pattern) -> None:
    n = alternatives(pattern)
    if n <= MAX_ALTERNATIVES:
        assert n == len(_dnf(pattern))
    else:
        assert len(_dnf(pattern)) > MAX_ALTERNATIVES


# --- amplification: memory is bounded by the limits whatever the aliases -------------------


@SETTINGS
@given(
    text_len=st.integers(1, 3_000),
    aliases=st.integers(0, 60),
    nested=st.booleans(),
)
def test_expanded_size_never_exceeds_the_limit(text_len: int, aliases: int, nested: bool) -> None:
    limits = Limits(max_expanded=50_000, max_text=2_000, max_aliases=50)
    anchor = f"&a [{'t' * text_len}]" if nested else f"&a {'t' * text_len}"
    text = f"k: {anchor}\nl:\n" + "".join("  - *a\n" for _ in range(aliases))
    try:
        doc = parse(text, "c.yaml", limits)
    except InputError:
        return
    size = len(json.dumps(doc.data))
    assert size <= 2 * limits.max_expanded + 100 * (aliases + 2)


# --- cache entries: anything written into the database is a miss or the true result --------


@SETTINGS
@given(
    column=st.sampled_from(["result", "json_line", "mac", "context", "key"]),
    value=st.one_of(
        st.text(max_size=50), st.integers(-(2**63), 2**63 - 1), st.none(), st.binary(max_size=20)
    ),
)
def test_a_tampered_cache_entry_never_changes_a_result(column: str, value) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache, cand = Path(tmp) / "cache", Path(tmp) / "c.yaml"
        cand.write_bytes(SEED)
        expected = evaluate_paths([cand], COMPILED, today=TODAY, cache_dir=cache)
        db = sqlite3.connect(cache / FILE)
        db.execute(f"UPDATE entries SET {column} = ?", (value,))  # column from a fixed list
        db.commit()
        db.close()
        again = evaluate_paths([cand], COMPILED, today=TODAY, cache_dir=cache)
        assert again.results == expected.results


# --- records: a damaged record is a usage error or a verdict, never a crash -----------------


_DAMAGE = st.sampled_from(
    ["today", "candidate", "ruleset", "result", "commonize_version", "format"]
).flatmap(
    lambda key: st.tuples(
        st.just(key),
        st.one_of(st.none(), st.integers(), st.text(max_size=10), st.lists(st.integers())),
    )
)


@SETTINGS
@given(damage=_DAMAGE)
def test_a_damaged_record_is_a_usage_error_or_a_verdict(damage) -> None:
    key, value = damage
    with tempfile.TemporaryDirectory() as tmp:
        cand = Path(tmp) / "c.yaml"
        cand.write_bytes(SEED)
        batch = evaluate_paths([cand], COMPILED, today=TODAY)
        now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
        (record,) = write_records(batch, Path(tmp) / "rec", COMPILED.ruleset.path, TODAY, now)
        data = json.loads(record.read_text(encoding="utf-8"))
        data[key] = value
        record.write_text(json.dumps(data), encoding="utf-8")
        try:
            verification = verify_record(record)
        except UsageError:
            return
        assert not verification.reproduced or (key == "commonize_version" and value is None)


def test_discover_names_are_sorted_and_unique(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yaml", "c.yml"):
        (tmp_path / name).write_bytes(SEED)
    names = discover_names([tmp_path, tmp_path / "a.yaml"])
    assert names == sorted(set(names)) and len(names) == 3
    assert load_candidate(Path(names[0]), ()).candidate is not None
