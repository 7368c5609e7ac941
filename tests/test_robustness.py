"""Issue 14: each protection against a hostile input, file name, output target or signal.

One test (or more) per item of the issue, named for it, each failing if its protection is
removed. Properties over the same ground live in ``test_robustness_properties.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from commonize.api import evaluate_paths, load_candidate
from commonize.atomic import check_target, write_atomic
from commonize.cache import FILE, KEY_FILE, ResultCache
from commonize.cli import guard, io_message
from commonize.config import find_config, load_settings
from commonize.discover import discover_names, is_text_name, shown_name
from commonize.errors import EXIT_IO, InputError, UsageError
from commonize.loader import Limits, fast_data, parse, read_bytes
from commonize.results import INVALID
from commonize.resultsfile import result_dict
from commonize.rules.limits import MAX_ALTERNATIVES, alternatives
from conftest import CANDIDATES, EXE, run_cli

HEAD = "schema_version: 1\nid: sample\nkind: system\nministry: 総務省\nfigures: illustrative\n"


def _message(text: str, limits: Limits) -> str:
    with pytest.raises(InputError) as exc:
        parse(text, "c.yaml", limits)
    return exc.value.problems[0].message


# --- 1. amplification: every alias counts, expanded size and text length are bounded -------


def test_item1_scalar_aliases_count_toward_the_alias_limit() -> None:
    text = (
        HEAD
        + "description: &d long text\nsources:\n"
        + "".join(f"  - {{title: *d, url: 'https://example.com/{i}'}}\n" for i in range(6))
    )
    assert _message(text, Limits(max_aliases=5)) == "more than 5 YAML aliases"


def test_item1_expanded_size_is_bounded_not_only_bytes_on_disk() -> None:
    # 50 aliases of a 5,000-character text: a 5 kB file that expands to 250,000 characters.
    text = (
        HEAD
        + f"description: &d {'x' * 5000}\nsources:\n"
        + "".join(f"  - {{title: *d, url: 'https://example.com/{i}'}}\n" for i in range(50))
    )
    assert len(text) < 10_000
    message = _message(text, Limits(max_expanded=100_000))
    assert message.startswith("the file expands to more than 100,000 characters")


def test_item1_every_text_field_has_a_length_limit() -> None:
    text = HEAD + "name: {ja: a, en: b}\ndescription: " + "y" * 101 + "\n"
    with pytest.raises(InputError) as exc:
        parse(text, "c.yaml", Limits(max_text=100))
    (problem,) = exc.value.problems
    assert problem.location.line == 7
    assert "longer than the limit of 100" in problem.message
    # The fast path does not take it either: it falls back to the careful path.
    assert fast_data(text, Limits(max_text=100)) is None


def test_item1_long_keys_count_too() -> None:
    assert "longer than the limit" in _message(HEAD + "k" * 200 + ": 1\n", Limits(max_text=100))


def test_item1_default_limits_stop_the_reported_amplification(tmp_path: Path) -> None:
    # The reported shape: big texts and aliases of them, within the alias and text limits.
    texts = "".join(f"  - &t{i} {chr(97 + i) * 9_500}\n" for i in range(10))
    text = (
        HEAD
        + f"name: {{ja: a, en: b}}\nminutes:\n{texts}sources:\n"
        + "".join(f"  - {{title: *t0, url: 'https://example.com/{i}'}}\n" for i in range(95))
    )
    assert len(text) < 110_000
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_candidate(path, ())
    assert loaded.candidate is None
    assert "expands to more than" in loaded.problems[0].message


# --- 4. only regular files are read, and the read is bounded --------------------------------


def test_item4_fifo_and_device_are_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("reading a FIFO or device hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)  # a blocking open of the FIFO would hang here: fail instead
    try:
        for name in ("fifo.yaml", "zero.yaml"):
            with pytest.raises(InputError, match="not a regular file"):
                read_bytes(tmp_path / name)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_item4_fifo_in_candidates_and_gates_does_not_hang(tmp_path: Path, rules_copy: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    os.mkfifo(folder / "fifo.yaml")
    (folder / "stdin.yaml").symlink_to("/dev/stdin")
    run = run_cli("validate", str(folder))
    assert run.returncode == 1, run.stderr
    assert run.stdout.count("not a regular file") == 2, run.stdout
    os.mkfifo(rules_copy / "gates" / "zz-fifo.yaml")
    run = run_cli("evaluate", "--no-cache", "--rules", str(rules_copy), "-f", "json")
    assert run.returncode == 3, run.stderr
    assert "zz-fifo.yaml: cannot read file: not a regular file" in run.stderr, run.stderr


def test_item4_fifo_is_one_error_result(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    loaded = load_candidate(tmp_path / "fifo.yaml", ())
    assert loaded.candidate is None and "not a regular file" in loaded.problems[0].message
    assert INVALID  # the pipeline turns it into an invalid result, as any unreadable file


# --- 2. a file name that is not valid UTF-8 is one error result -----------------------------


def _bad_name_batch(tmp_path: Path) -> Path:
    folder = tmp_path / "c"
    folder.mkdir()
    good = (CANDIDATES / "library-system.yaml").read_bytes()
    (folder / "library-system.yaml").write_bytes(good)
    bad = os.fsencode(folder) + b"/bad\xff\xfe.yaml"
    with open(bad, "wb") as fh:
        fh.write(good.replace(b"id: library-system", b"id: other"))
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "-f", "json"),
        ("evaluate", "--no-cache", "-f", "text"),
        ("evaluate", "-f", "sarif"),
        ("evaluate", "-f", "junit"),
        ("evaluate", "-f", "markdown"),
        ("validate", "-f", "json"),
        ("report", "-f", "md", "-o", "-"),
    ],
)
def test_item2_non_utf8_file_name_is_one_error_result(tmp_path: Path, args: tuple) -> None:
    folder = _bad_name_batch(tmp_path)
    cache = {"COMMONIZE_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # cold, then warm cache
        run = subprocess.run(
            [EXE, *args, str(folder)], capture_output=True, env={**os.environ, **cache}
        )
        assert run.returncode == 1, run.stderr
        out = run.stdout.decode("utf-8")  # raises if the output is not UTF-8
        assert "bad\\xff\\xfe.yaml" in out.replace("\\\\", "\\") or "bad%5Cxff" in out
        if "sarif" not in args and "markdown" not in args:  # these list findings only
            assert "library-system" in out or "Library" in out  # the rest of the batch went on


def test_item2_shown_name_is_always_utf8() -> None:
    name = os.fsdecode(b"a\xff/b\xc3.yaml")
    assert not is_text_name(name)
    assert shown_name(name) == "a\\xff/b\\xc3.yaml"
    assert shown_name("図書館.yaml") == "図書館.yaml"


# --- 3. output targets: a regular file or a new name; "-" is standard output ---------------


def test_item3_special_files_are_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    for target in (str(fifo), "/dev/null"):
        with pytest.raises(UsageError, match="not a regular file"):
            check_target(Path(target))
        with pytest.raises(UsageError, match="not a regular file"):
            write_atomic(Path(target), "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "--no-cache", "-f", "json={}"),
        ("report", "-f", "md", "-o", "{}"),
        ("rules", "doc", "-o", "{}"),
    ],
)
def test_item3_cli_refuses_a_fifo_target(tmp_path: Path, args: tuple) -> None:
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    run = run_cli(*(a.format(fifo) for a in args))
    assert run.returncode == 2, run.stderr
    assert "not a regular file" in run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_item3_dash_is_standard_output(tmp_path: Path) -> None:
    run = run_cli("evaluate", "--no-cache", "-f", "json=-", str(CANDIDATES), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("{") and not (tmp_path / "-").exists()
    run = run_cli("report", "-f", "md", "-o", "-", str(CANDIDATES), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("#") and not (tmp_path / "-").exists()
    run = run_cli("evaluate", "-f", "json=-", "-f", "text", str(CANDIDATES), cwd=tmp_path)
    assert run.returncode == 2 and "only one format can go to standard output" in run.stderr


# --- 5. a rule with many alternatives is refused before durable-rules hangs on it ----------


def _many_alternatives(rules: Path, when: str) -> None:
    gate = rules / "gates" / "1_user_needs.yaml"
    extra = (
        f"  - id: un-many\n    when: {when}\n    points: 1\n    clause: criteria-1\n"
        "    reason: {ja: 多い, en: many}\n"
    )
    gate.write_text(gate.read_text(encoding="utf-8") + extra, encoding="utf-8")


def _eqs(field: str, n: int) -> str:
    return ", ".join(f"{{field: {field}, eq: {i}}}" for i in range(n))


USERS, ONLINE = "user_needs.users_per_year", "user_needs.online_share_pct"


@pytest.mark.parametrize(
    "when",
    [
        f"{{field: {USERS}, in: [{', '.join(map(str, range(480)))}]}}",
        f"{{any: [{_eqs(USERS, 600)}]}}",
        # all: of two any: multiplies: 25 x 25 = 625 alternatives from 50 leaves
        f"{{all: [{{any: [{_eqs(USERS, 25)}]}}, {{any: [{_eqs(ONLINE, 25)}]}}]}}",
    ],
    ids=["in-480", "any-600", "all-of-any-625"],
)
@pytest.mark.parametrize(
    "command", [("rules", "test"), ("evaluate", "--no-cache"), ("rules", "lint")]
)
def test_item5_too_many_alternatives_is_exit_3_at_the_rule(
    rules_copy: Path, when: str, command: tuple
) -> None:
    _many_alternatives(rules_copy, when)
    run = subprocess.run(  # a hang in durable-rules would time out here
        [EXE, *command, "--rules", str(rules_copy)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 3, run.stderr
    assert "1_user_needs.yaml:" in run.stderr and "alternatives" in run.stderr
    assert "Traceback" not in run.stderr


def test_item5_the_shipped_rules_are_well_within_the_limit(compiled) -> None:
    total = sum(alternatives(r.pattern) for r in compiled.rules)
    assert total <= MAX_ALTERNATIVES // 4


# --- 6, 7. the cache: authenticated entries, limits in the key, no wiping, no symlinks ------

TODAY = dt.date(2026, 11, 27)


def _cached_batch(compiled, cache: Path, **kwargs):
    return evaluate_paths([CANDIDATES], compiled, today=TODAY, cache_dir=cache, **kwargs)


def test_item6_a_forged_cache_entry_is_not_trusted(compiled, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = _cached_batch(compiled, cache)
    db = sqlite3.connect(cache / FILE)
    rows = db.execute("SELECT key, result FROM entries").fetchall()
    forged = 0
    for key, result in rows:
        data = json.loads(result)
        if data.get("track") == "commonize":
            data["track"] = "joint_procurement"  # gates still say all met
            db.execute("UPDATE entries SET result = ? WHERE key = ?", (json.dumps(data), key))
            forged += 1
    db.commit()
    db.close()
    assert forged
    again = _cached_batch(compiled, cache)
    assert [r.track for r in again.results] == [r.track for r in expected.results]


def test_item6_a_key_file_others_can_read_turns_the_cache_off(compiled, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _cached_batch(compiled, cache)
    (cache / KEY_FILE).chmod(0o644)
    reader = ResultCache(cache, "x", writer=True)
    assert reader._db is None
    reader.close()


def test_item7_cache_key_includes_the_limits(compiled, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert not _cached_batch(compiled, cache).invalid
    tight = _cached_batch(compiled, cache, limits=Limits(max_text=20))
    uncached = evaluate_paths([CANDIDATES], compiled, today=TODAY, limits=Limits(max_text=20))
    assert tight.invalid and len(tight.invalid) == len(uncached.invalid)


def test_item7_runs_with_other_dates_do_not_wipe_each_other(compiled, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _cached_batch(compiled, cache)
    evaluate_paths([CANDIDATES], compiled, today=dt.date(2027, 1, 1), cache_dir=cache)
    db = sqlite3.connect(cache / FILE)
    (contexts,) = db.execute("SELECT count(DISTINCT context) FROM entries").fetchone()
    db.close()
    assert contexts == 2


def test_item7_the_cache_never_writes_through_a_symlinked_db(compiled, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (cache / FILE).symlink_to(victim)
    expected = evaluate_paths([CANDIDATES], compiled, today=TODAY)
    assert _cached_batch(compiled, cache).results == expected.results
    assert victim.read_text(encoding="utf-8") == "precious"
    assert (cache / FILE).is_symlink()


# --- 8. discovery: every path named or found beneath is evaluated or reported ---------------


def _nested(base: Path, names: list[str], content: str) -> None:
    """Directories ``names`` nested under ``base`` and ``x.yaml`` at the bottom, made
    relative to each parent (``dir_fd``), so the whole path may exceed PATH_MAX."""
    fd = os.open(base, os.O_RDONLY)
    try:
        for name in names:
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        out = os.open("x.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(content)
    finally:
        os.close(fd)


@pytest.fixture
def nested_dir(tmp_path: Path) -> Iterator[Path]:
    """``tmp_path / "c"``, removed with rm -rf: pytest's own clean-up chokes on such trees."""
    yield tmp_path / "c"
    subprocess.run(["rm", "-rf", str(tmp_path / "c")], check=False)


def test_item8_a_very_deep_tree_is_walked_not_a_crash(nested_dir: Path) -> None:
    _nested(nested_dir.parent, ["c"] + ["d"] * 1_100, "not: [valid")  # past the recursion limit
    names = discover_names([nested_dir])
    assert len(names) == 1 and names[0].endswith("/d/x.yaml")


def test_item8_a_path_too_long_is_reported_not_skipped(nested_dir: Path) -> None:
    _nested(nested_dir.parent, ["c"] + ["n" * 250] * 20, "id: x\n")  # 5,000 chars: > PATH_MAX
    run = run_cli("validate", str(nested_dir))
    assert run.returncode == 1, run.stderr
    assert "File name too long" in run.stdout, run.stdout[-500:]


def test_item8_an_unreadable_directory_is_reported(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "c" / "locked").mkdir(parents=True)
    real_scandir = os.scandir

    def deny(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    names = discover_names([tmp_path / "c"])
    assert names == [(tmp_path / "c" / "locked").as_posix()]


def test_item8_a_file_in_a_directory_we_may_not_search(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "c" / "x.yaml"
    real_is_dir = Path.is_dir

    def deny(self):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", deny)
    assert discover_names([target]) == [target.as_posix()]  # named, so read and reported


# --- 9. decision records ---------------------------------------------------------------------


def _record(tmp_path: Path, *extra: str) -> Path:
    cand = tmp_path / "c.yaml"
    cand.write_bytes((CANDIDATES / "library-system.yaml").read_bytes())
    run = run_cli(
        "evaluate", "--no-cache", "--today", "2026-11-27", "--record", str(tmp_path / "rec"),
        *extra, str(cand),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return tmp_path / "rec" / "library-system.json"


def test_item9_set_overrides_are_stored_and_verify(tmp_path: Path) -> None:
    record = _record(tmp_path, "--set", "gates.effect.threshold=30")
    assert json.loads(record.read_text(encoding="utf-8"))["ruleset"]["overrides"] == {
        "gates.effect.threshold": 30
    }
    run = run_cli("verify-record", str(record))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "reproduced exactly" in run.stdout


def test_item9_a_forged_rules_folder_in_the_record_is_not_trusted(
    tmp_path: Path, rules_copy: Path
) -> None:
    record = _record(tmp_path)
    gate = rules_copy / "gates" / "2_effect.yaml"
    gate.write_text(gate.read_text(encoding="utf-8").replace("threshold: 6", "threshold: 30"))
    data = json.loads(record.read_text(encoding="utf-8"))
    # The forger points the record at altered rules and records what they give.
    forged = evaluate_paths([tmp_path / "c.yaml"], rules_copy, today=TODAY)
    data["ruleset"]["path"] = str(rules_copy)
    data["ruleset"]["sha256"] = forged.ruleset.sha256
    data["result"] = result_dict(forged.results[0], forged.ruleset)
    record.write_text(json.dumps(data), encoding="utf-8")
    run = run_cli("verify-record", str(record))
    assert run.returncode == 1, run.stdout
    assert "verified against" in run.stdout and "the shipped rule set" in run.stdout
    assert "DIFFERENT" in run.stdout


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("today"),
        lambda d: d.update(today="not a date"),
        lambda d: d["candidate"].update(path=7),
        lambda d: d["ruleset"].update(overrides=["x"]),
        lambda d: d.update(result=None),
    ],
)
def test_item9_a_malformed_record_is_a_usage_error(tmp_path: Path, damage) -> None:
    record = _record(tmp_path)
    data = json.loads(record.read_text(encoding="utf-8"))
    damage(data)
    record.write_text(json.dumps(data), encoding="utf-8")
    run = run_cli("verify-record", str(record))
    assert run.returncode == 2, run.stderr
    assert "malformed decision record" in run.stderr and "Traceback" not in run.stderr


def test_item9_the_candidate_is_hashed_in_chunks(tmp_path: Path, monkeypatch) -> None:
    from commonize import records

    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (3 << 20))
    reads: list[int] = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        fh = real_open(self, *args, **kwargs)
        real_read = fh.read

        def read(n=-1):
            reads.append(n)
            return real_read(n)

        fh.read = read
        return fh

    monkeypatch.setattr(Path, "open", spy)
    records._sha256(big, big)
    assert reads and all(0 < n <= 1 << 20 for n in reads)


# --- 14. a hostile --baseline or --previous is a usage error ---------------------------------


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000 + b"]" * 100_000, b'{"format": ' + b"9" * 5_000 + b"}", b"\xff\xfe{"],
    ids=["deep", "5000-digits", "not-utf8"],
)
@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "--no-cache", "--baseline", "{}", "--fail-on", "track-change", "{c}"),
        ("report", "-f", "md", "-o", "-", "--previous", "{}", "{c}"),
        ("diff", "--results", "{}", "--results-new", "{}"),
    ],
)
def test_item14_hostile_json_inputs_are_usage_errors(tmp_path: Path, content: bytes, args) -> None:
    hostile = tmp_path / "hostile.json"
    hostile.write_bytes(content)
    run = run_cli(*(a.format(hostile, c=CANDIDATES) for a in args))
    assert run.returncode == 2, run.stderr
    assert "hostile.json" in run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


# --- 10. config files: no higher than the repository root or the working directory ---------


def test_item10_a_config_in_a_shared_parent_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".commonize.toml").write_text('format = ["json=victim.json"]\n', encoding="utf-8")
    project = tmp_path / "project"  # not a repository
    project.mkdir()
    assert find_config(project) is None
    assert load_settings(project, {}).formats == ()
    (project / ".commonize.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert load_settings(project, {}).lang == "en"  # its own folder is still read


def test_item10_a_config_may_not_send_output_outside_the_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".commonize.toml").write_text('format = ["json=../elsewhere.json"]\n', encoding="utf-8")
    with pytest.raises(UsageError, match="outside the working tree"):
        load_settings(repo, {})
    (repo / ".commonize.toml").write_text('format = ["json=out/r.json"]\n', encoding="utf-8")
    assert load_settings(repo, {}).formats[0].path == Path("out/r.json")


# --- 11. ordinary I/O errors are user errors with their own exit code -----------------------


def test_item11_io_errors_are_exit_5_with_a_clear_message(tmp_path: Path) -> None:
    long_name = tmp_path / ("n" * 300 + ".json")
    run = run_cli("evaluate", "--no-cache", "-f", f"json={long_name}", str(CANDIDATES))
    assert run.returncode == EXIT_IO, run.stderr
    assert "File name too long" in run.stderr and "use a shorter name" in run.stderr
    assert "internal error" not in run.stderr


def test_item11_each_errno_gets_a_hint() -> None:
    import errno

    for code, words in [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only")]:
        message = io_message(OSError(code, os.strerror(code), "/x/out.json"))
        assert message.startswith("/x/out.json: ") and words in message


def test_item11_guard_maps_oserror_to_exit_io() -> None:
    def run() -> int:
        raise PermissionError(13, "Permission denied", "/ro/out.json")

    assert guard(run) == EXIT_IO


# --- 12. standard output in another encoding than UTF-8 --------------------------------------


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp", "shift_jis", "latin-1", "ascii"])
@pytest.mark.parametrize("fmt", ["table", "text", "json", "sarif", "junit", "github", "markdown"])
def test_item12_any_stdout_encoding_writes_without_a_traceback(encoding: str, fmt: str) -> None:
    run = subprocess.run(
        [EXE, "evaluate", "--no-cache", "--today", "2026-11-27", "-f", fmt, str(CANDIDATES)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "120"},
        timeout=120,
    )
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    text = run.stdout.decode(encoding)
    if fmt in ("json", "sarif"):  # the fallback escapes are JSON escapes: nothing is lost
        assert json.loads(text) == json.loads(_utf8_output(fmt))


@functools.cache  # one UTF-8 reference run per format, not one per encoding
def _utf8_output(fmt: str) -> str:
    return run_cli(
        "evaluate", "--no-cache", "--today", "2026-11-27", "-f", fmt, str(CANDIDATES)
    ).stdout


# --- 13. --jobs bound, closed pipe, SIGTERM --------------------------------------------------


def test_item13_jobs_has_an_upper_bound() -> None:
    run = run_cli("evaluate", "--no-cache", "-j", "100000", str(CANDIDATES))
    assert run.returncode == 2 and "--jobs 100000: at most" in run.stderr


def test_item13_a_closed_pipe_keeps_the_real_exit_code(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(CANDIDATES, folder)
    (folder / "zz-broken.yaml").write_text("id: [", encoding="utf-8")
    script = f"set -o pipefail; '{EXE}' evaluate --no-cache -f json '{folder}' | head -c 100"
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr  # the invalid file, though nobody read its result
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


def test_item13_sigterm_cleans_temporary_files_without_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    text = (CANDIDATES / "library-system.yaml").read_text(encoding="utf-8")
    for i in range(3_000):
        (folder / f"c{i}.yaml").write_text(
            text.replace("id: library-system", f"id: c{i}"), encoding="utf-8"
        )
    out = tmp_path / "out.json"
    proc = subprocess.Popen(
        [EXE, "evaluate", "--no-cache", "-j", "2", "-f", f"json={out}", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "Traceback" not in err and err.strip() == "terminated"
    assert not list(tmp_path.glob(".out.json.*")) and not out.exists()
