"""Settings: command-line flags > ``COMMONIZE_*`` variables > a config file > defaults.

The file is ``.commonize.toml`` (settings at the top level) or the ``[tool.commonize]``
table of ``pyproject.toml``, the nearest found walking up from the working directory to the
repository root (a directory holding ``.git``). Outside a repository only the working
directory itself is looked in: a file in a shared parent (``/tmp``, a home directory of
many projects) is someone else's. Relative paths in the file are taken from the file's
directory, so a run from a subdirectory means the same thing. An output path a config file
names must lie inside the working tree (the repository, or the working directory outside
one): a file that would send output elsewhere is refused, so it cannot overwrite another
file unseen.

    rules = "rules"                          # COMMONIZE_RULES
    paths = ["candidates"]                   # COMMONIZE_PATHS (os.pathsep between paths)
    format = ["table", "sarif=out.sarif"]    # COMMONIZE_FORMAT (commas between formats)
    fail-on = ["unknown"]                    # COMMONIZE_FAIL_ON (commas)
    lang = "ja"                              # COMMONIZE_LANG

The command line merges its flags over ``Settings``; this module never reads argv.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonize.errors import Problem, SourceLocation, UsageError
from commonize.findings import FAIL_ON
from commonize.formats import Output, parse_output, usage_error
from commonize.labels import LANGS

FILES = (".commonize.toml", "pyproject.toml")
KEYS = ("rules", "paths", "format", "fail-on", "lang")


@dataclass(frozen=True)
class Settings:
    rules: Path | None = None
    paths: tuple[Path, ...] = ()
    formats: tuple[Output, ...] = ()
    fail_on: tuple[str, ...] = ()
    lang: str | None = None
    file: Path | None = None  # the config file that was read, if any


def working_tree(start: Path) -> Path:
    """The repository root holding ``start``, or ``start`` itself outside a repository."""
    for directory in (start, *start.parents):
        try:
            if (directory / ".git").exists():
                return directory
        except OSError:
            break
    return start


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file from ``start`` up to its working tree's root, with its table."""
    root = working_tree(start)
    for directory in (start, *start.parents):
        dotfile = directory / FILES[0]
        if dotfile.is_file():
            return dotfile, _read(dotfile)
        pyproject = directory / FILES[1]
        if pyproject.is_file():
            table = _read(pyproject).get("tool", {}).get("commonize")
            if table is not None:
                if not isinstance(table, dict):
                    raise _error(pyproject, "[tool.commonize] must be a table")
                return pyproject, table
        if directory == root:
            return None
    return None


def load_settings(cwd: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Variables over the file over defaults. A bad value is a usage error (exit 2)."""
    cwd = (cwd or Path.cwd()).absolute()
    env = os.environ if environ is None else environ
    found = find_config(cwd)
    values: dict[str, tuple[Any, str, Path]] = {}  # key -> (raw value, source, base dir)
    if found is not None:
        path, table = found
        _check_keys(path, table)
        values = {k: (v, f"{_name(path, cwd)}: {k}", path.parent) for k, v in table.items()}
    for key in KEYS:
        var = "COMMONIZE_" + key.upper().replace("-", "_")
        raw = env.get(var, "").strip()
        if raw:
            split = {"paths": os.pathsep, "format": ",", "fail-on": ","}.get(key)
            value = [p.strip() for p in raw.split(split) if p.strip()] if split else raw
            values[key] = (value, var, cwd)
    return Settings(
        rules=_path(values.get("rules"), cwd),
        paths=tuple(_paths(values.get("paths"), cwd)),
        formats=tuple(_formats(values.get("format"), cwd, found is not None)),
        fail_on=tuple(parse_fail_on(*_list(values["fail-on"]))) if "fail-on" in values else (),
        lang=parse_lang(*_str(values["lang"])) if "lang" in values else None,
        file=found[0] if found else None,
    )


def parse_fail_on(values: list[str], source: str = "--fail-on") -> list[str]:
    for v in values:
        if v not in FAIL_ON:
            raise usage_error(source, f"{v!r} is not one of {', '.join(FAIL_ON)}")
    return sorted(set(values), key=FAIL_ON.index)


def parse_lang(value: str, source: str = "--lang") -> str:
    if value not in LANGS:
        raise usage_error(source, f"{value!r} is not one of {', '.join(LANGS)}")
    return value


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as e:
        raise _error(path, f"cannot read: {e.strerror or e}") from e
    except tomllib.TOMLDecodeError as e:
        raise _error(path, f"not valid TOML: {e}") from e


def _check_keys(path: Path, table: dict[str, Any]) -> None:
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(KEYS)}"
            raise _error(path, f"unknown setting {key!r} ({hint})")


def _error(path: Path, message: str) -> UsageError:
    return UsageError([Problem(SourceLocation(str(path)), message)])


def _name(path: Path, cwd: Path) -> str:
    section = "" if path.name == FILES[0] else " [tool.commonize]"
    return os.path.relpath(path, cwd) + section


def _str(entry: tuple[Any, str, Path]) -> tuple[str, str]:
    value, source, _ = entry
    if not isinstance(value, str):
        raise usage_error(source, f"expected a string, got {value!r}")
    return value, source


def _list(entry: tuple[Any, str, Path]) -> tuple[list[str], str]:
    value, source, _ = entry
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise usage_error(source, f"expected a list of strings, got {value!r}")
    return value, source


def _relative(path: Path, base: Path, cwd: Path) -> Path:
    """``path`` from ``base``, written from the working directory when it lies below it."""
    full = path if path.is_absolute() else base / path
    try:
        return full.relative_to(cwd) if full != cwd else Path(".")
    except ValueError:
        return full


def _path(entry: tuple[Any, str, Path] | None, cwd: Path) -> Path | None:
    if entry is None:
        return None
    value, _ = _str(entry)
    return _relative(Path(value), entry[2], cwd)


def _paths(entry: tuple[Any, str, Path] | None, cwd: Path) -> list[Path]:
    if entry is None:
        return []
    values, _ = _list(entry)
    return [_relative(Path(v), entry[2], cwd) for v in values]


def _formats(entry: tuple[Any, str, Path] | None, cwd: Path, from_file: bool) -> list[Output]:
    if entry is None:
        return []
    values, source = _list(entry)
    outputs = [parse_output(v, source=source) for v in values]
    found = [Output(o.name, _relative(o.path, entry[2], cwd) if o.path else None) for o in outputs]
    if from_file and not source.startswith("COMMONIZE_"):
        root = working_tree(cwd).resolve()
        for o in found:
            target = (cwd / o.path).resolve() if o.path is not None else None
            if target is not None and target != root and root not in target.parents:
                raise usage_error(
                    source,
                    f"{o}: a config file may not send output outside the working tree {root}; "
                    "give it with --format if that is meant",
                )
    return found
