"""The only module that imports yaml: bytes → safe YAML data with positions → pydantic model.

YAML is parsed with libyaml (C) into a node tree, then turned into plain data by our own
walk, which is where the safety checks live: duplicate keys, tags, merge keys, aliases,
depth and size limits. The walk also records the line and column of every key so that a
validation error can name ``file:line:column``.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from commonize.errors import InputError, Problem, SourceLocation

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[str | int, ...]
# Numbers YAML 1.1 reads in surprising ways: 010 is 8, 0x1f, 0b11, 1:30 is 90.
_YAML11_NUMBER = re.compile(
    r"^[-+]?(0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$"
)


_KIND_WORDS = {
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date",
    "null": "null",
}


def _short(value: str, limit: int = 40) -> str:
    """A scalar for a message: quoted, and cut short so an error stays one readable line."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input file may cost. Documented in the README's Safety section."""

    max_bytes: int = 1_000_000
    max_depth: int = 32
    max_nodes: int = 20_000  # counts alias re-visits too, so an alias bomb stops here
    max_aliases: int = 100  # every alias, of a scalar as of a mapping or list
    # Characters of all scalars once aliases are expanded: what the file costs in memory and
    # in every output, whatever its size on disk (225 aliases of a 900 kB text were 369 MB
    # of HTML).
    max_expanded: int = 1_000_000
    max_text: int = 10_000  # characters of any one scalar (a key, a name, a reason)

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, each overridable by a COMMONIZE_MAX_* variable (e.g. COMMONIZE_MAX_TEXT)."""
        values = {}
        for name in LIMIT_NAMES:
            raw = os.environ.get(f"COMMONIZE_{name.upper()}", "").strip()
            # isdigit() alone accepts "²"; only plain ASCII digits are a limit.
            if raw.isascii() and raw.isdigit():
                values[name] = int(raw)
        return cls(**values)

    def fingerprint(self) -> str:
        """The limits as text, for cache keys: a result is only valid under the same limits."""
        return ",".join(f"{name}={getattr(self, name)}" for name in LIMIT_NAMES)


LIMIT_NAMES = ("max_bytes", "max_depth", "max_nodes", "max_aliases", "max_expanded", "max_text")
DEFAULT_LIMITS = Limits.from_env()


@dataclass
class Document:
    """A parsed YAML file: its data and where each key and item sits."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]]
    sha256: str | None = None  # of the file's bytes, when read from a file

    def locate(self, loc: Iterable[str | int]) -> SourceLocation:
        """The position of the deepest known prefix of ``loc``."""
        parts = tuple(loc)
        while parts and parts not in self.positions:
            parts = parts[:-1]
        line, col = self.positions.get(parts, (1, 1))
        return SourceLocation(self.path, line, col)

    def key_locations(self) -> dict[str, tuple[int, int]]:
        """Line and column of every key, by dotted path (``feasibility.pilot.status``)."""
        return {
            ".".join(map(str, parts)): pos
            for parts, pos in self.positions.items()
            if parts and "\0key" not in parts
        }


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a file as UTF-8 text, refusing oversized and non-text input with a clear hint."""
    return decode(read_bytes(path, limits), str(path))


# Non-blocking, so that opening a FIFO returns at once and can be refused.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """At most ``max_bytes`` of a regular file; anything else is refused before it is read.

    Opened without blocking, then checked: a FIFO, a terminal or a symlink to /dev/zero
    named ``*.yaml`` would otherwise hang the run or read forever.
    """
    name = str(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror or e}", name) from e
    except ValueError as e:  # an embedded NUL in the name
        raise InputError(f"cannot read file: {e}", name) from e
    try:
        st = os.fstat(fd)
        mode, size = st.st_mode, st.st_size
        if stat.S_ISDIR(mode):
            raise InputError("cannot read file: Is a directory", name)
        if not stat.S_ISREG(mode):
            raise InputError(
                "cannot read file: not a regular file (a FIFO, device or socket); "
                "only regular files are read",
                name,
            )
        raw = _read_at_most(fd, size, limits.max_bytes + 1)
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror or e}", name) from e
    finally:
        os.close(fd)
    if len(raw) > limits.max_bytes:
        raise InputError(
            f"file is larger than the limit of {limits.max_bytes:,} bytes "
            "(raise it with COMMONIZE_MAX_BYTES if the file is genuine)",
            name,
        )
    return raw


def _read_at_most(fd: int, size: int, cap: int) -> bytes:
    """The file's bytes, stopping at ``cap``.

    ``os.read`` of the size ``fstat`` gave, not a buffered ``read(cap)``: that allocates
    the whole cap (a megabyte) for every file, which tripled the time of reading one. A
    file that grows while read is read on, in chunks, to its end or to ``cap``.
    """
    parts: list[bytes] = []
    total, want = 0, size + 1  # one byte more than the size: its end shows in that read
    while total < cap:
        chunk = os.read(fd, min(want, cap - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        want = 1 << 16
    return parts[0] if len(parts) == 1 else b"".join(parts)


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(raw: bytes, name: str) -> str:
    if raw.startswith(_UTF16_BOMS):
        raise InputError("file is UTF-16; save it as UTF-8", name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw  # e.start counts after a BOM
        line = body[: e.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    SourceLocation(name, line), "file is not valid UTF-8", hint="save it as UTF-8"
                )
            ]
        ) from e
    if "\x00" in text:
        raise InputError("file contains NUL bytes: it is binary, not YAML", name)
    return text


def parse(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse one YAML document safely into data plus key positions."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = (
            SourceLocation(path, mark.line + 1, mark.column + 1) if mark else SourceLocation(path)
        )
        raise InputError([Problem(where, f"YAML syntax error: {e.problem or e}")]) from e
    except yaml.reader.ReaderError as e:
        # libyaml counts the position in bytes of the UTF-8 text, not in characters.
        line = text.encode("utf-8", "surrogatepass")[: e.position].count(b"\n") + 1
        char = chr(e.character) if isinstance(e.character, int) else e.character
        what = f"character {char!r}" if char else "a character"
        raise InputError(
            [
                Problem(
                    SourceLocation(path, line), f"{what} is not allowed in YAML", hint="remove it"
                )
            ]
        ) from e
    except yaml.YAMLError as e:
        raise InputError(f"YAML error: {e}", path) from e
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        raise InputError(
            [
                Problem(
                    SourceLocation(path, mark.line + 1, mark.column + 1),
                    "file holds several YAML documents; put one candidate in each file",
                )
            ]
        )
    if not nodes:
        raise InputError("file is empty (or holds only comments)", path)
    walker = _Walker(path, limits)
    try:
        data = walker.value(nodes[0], (), 0)
    except RecursionError:
        raise InputError("nesting too deep to read (lower max_depth)", path) from None
    return Document(path, data, walker.positions)


class _Walker:
    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.nodes = 0
        self.seen: set[int] = set()
        self.aliases = 0
        self.replaying = 0  # > 0 while re-walking an aliased list or mapping
        self.expanded = 0  # characters of every scalar visited, alias re-visits included

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> InputError:
        mark = node.start_mark
        where = SourceLocation(self.path, mark.line + 1, mark.column + 1)
        return InputError([Problem(where, message, hint=hint)])

    def value(self, node: yaml.Node, at: Path_, depth: int) -> Any:
        self.nodes += 1
        scalar = isinstance(node, yaml.ScalarNode)
        # libyaml resolves an alias to the very node it names: seeing it twice is an alias.
        # Scalars too (an alias of one long text multiplies it as surely as one of a list),
        # but not the scalars of a list or mapping being re-walked: their alias was counted.
        if id(node) in self.seen and not (scalar and self.replaying):
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise self.fail(node, f"more than {self.limits.max_aliases} YAML aliases")
            if not scalar:
                self.replaying += 1
                try:
                    return self.walk(node, at, depth)
                finally:
                    self.replaying -= 1
        self.seen.add(id(node))
        return self.walk(node, at, depth)

    def walk(self, node: yaml.Node, at: Path_, depth: int) -> Any:
        if self.nodes > self.limits.max_nodes:
            raise self.fail(
                node, f"more than {self.limits.max_nodes:,} YAML nodes (alias explosion?)"
            )
        if depth > self.limits.max_depth:
            raise self.fail(node, f"nesting deeper than {self.limits.max_depth} levels")
        self.positions.setdefault(at, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, at, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _CORE + "seq":
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            return [self.value(item, (*at, i), depth + 1) for i, item in enumerate(node.value)]
        self.scalar_size(node)
        if node.tag == _CORE + "value":
            return node.value  # PyYAML resolves a plain "=" to a tag of its own: it is text
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed", "remove the tag")
        if node.tag in (_CORE + "int", _CORE + "float") and _YAML11_NUMBER.match(node.value):
            raise self.fail(
                node,
                f"{_short(node.value)} is a YAML 1.1 octal, hexadecimal, binary or base-60 number",
                "write a plain decimal number, or quote it if it is text",
            )
        try:
            return _CONSTRUCTOR.construct_object(node)
        except Exception as e:  # PyYAML raises KeyError, IndexError… for bad tagged values
            kind = _KIND_WORDS.get(node.tag.rsplit(":", 1)[-1], "a value")
            hint = "write the date as YYYY-MM-DD" if kind == "a date" else None
            raise self.fail(node, f"cannot read {_short(node.value)} as {kind}", hint) from e

    def scalar_size(self, node: yaml.ScalarNode) -> None:
        size = len(node.value)
        if size > self.limits.max_text:
            raise self.fail(
                node,
                f"text of {size:,} characters is longer than the limit of {self.limits.max_text:,}",
                "shorten it, or raise COMMONIZE_MAX_TEXT if it is genuine",
            )
        self.expanded += size
        if self.expanded > self.limits.max_expanded:
            raise self.fail(
                node,
                f"the file expands to more than {self.limits.max_expanded:,} characters of "
                "text (aliases repeat what they name)",
                "write fewer aliases, or raise COMMONIZE_MAX_EXPANDED if the file is genuine",
            )

    def mapping(self, node: yaml.MappingNode, at: Path_, depth: int) -> dict[Any, Any]:
        if node.tag != _CORE + "map":
            raise self.fail(node, f"YAML tag {node.tag!r} is not allowed")
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                raise self.fail(
                    key_node, "YAML merge keys (<<) are not allowed", "write the keys out"
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "a mapping key must be a plain scalar")
            key = self.value(key_node, (*at, "\0key"), depth + 1)
            if isinstance(key, bool) or not isinstance(key, str | int):
                raise self.fail(key_node, f"key {key_node.value!r} is not text", "quote the key")
            if key in out:
                first = self.positions[(*at, key)]
                raise self.fail(key_node, f"duplicate key {key!r} (first at line {first[0]})")
            self.positions[(*at, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.value(value_node, (*at, key), depth + 1)
        return out


_RESOLVED: dict[tuple[Any, ...], str] = {}
_MEMO_SIZE = 4096
_MEMO_VALUE_LEN = 64


class _FastLoader(_Loader):  # type: ignore[misc,valid-type]
    """libyaml composing, with the implicit-tag resolution of every node memoized.

    The C composer calls back into Python's resolver (a regular expression per plain scalar)
    for every node; the same keys and values recur in every candidate file, so a bounded
    memo of (kind, value, implicit) → tag removes most of that cost. Resolution depends only
    on those arguments for the safe loader, which has no path resolvers.
    """

    def resolve(
        self, kind: type, value: Any, implicit: Any, _memo: dict[Any, str] = _RESOLVED
    ) -> str:
        # A hit is looked up before anything else is checked: this runs for every node of
        # every file (about a hundred a candidate), and nearly every call is a hit.
        key = (kind, value, implicit)
        tag = _memo.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            # Long texts rarely recur and would make the memo's memory unbounded.
            if value is None or len(value) <= _MEMO_VALUE_LEN:
                if len(_memo) >= _MEMO_SIZE:
                    _memo.clear()
                _memo[key] = tag
        return tag  # type: ignore[no-any-return]


class _SlowPath(Exception):
    pass


def fast_data(source: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Plain data from ``source`` when it is ordinary YAML, else ``None`` (use ``parse``).

    Anchors, aliases and tags always take the careful path, which bounds and reports them.
    PyYAML's generic constructor (state, generators, recursion bookkeeping) cost as much as
    libyaml's parse; ordinary candidate files need none of it, so the node tree is turned
    into data in one direct walk that also enforces the depth and node limits.

    ``source`` may be the file's bytes, not yet decoded: libyaml reads UTF-8 itself, and
    PyYAML would encode a text back to UTF-8 for it. Bytes that ``decode`` refuses go the
    careful way: UTF-16 and NUL here, invalid UTF-8 when libyaml refuses it. (In UTF-8 no
    byte of a multi-byte character is ASCII, so the bytes hold "&" when the text does.)
    """
    if isinstance(source, bytes):
        # decode's utf-8-sig drops one BOM; so must this, for libyaml to read what the text
        # encodes to (it would drop the first and read a second as a character of column 0,
        # shifting line 1). After it, as in decode: a UTF-8 BOM before FE FF is not UTF-16.
        if source.startswith(_UTF8_BOM):
            source = source[3:]
        if source.startswith(_UTF16_BOMS) or b"\0" in source:
            return None
        special = b"&" in source or b"*" in source or b"!" in source
    else:
        special = "&" in source or "*" in source or "!" in source
    if special or len(source) > limits.max_expanded:  # bytes: never fewer than characters
        return None
    try:
        loader = _FastLoader(source)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is None:
            return None
        budget = [limits.max_nodes]
        return _build(node, 0, limits, budget)
    except Exception:  # anything unusual: the careful path will say exactly what
        return None


def _build(node: yaml.Node, depth: int, limits: Limits, budget: list[int]) -> Any:
    """Data of ``node``, as PyYAML's safe constructor builds it, or ``_SlowPath``.

    Counts nodes as the careful walk does (every key and value is one); over the limits,
    or anything but plain maps, sequences and the core scalar types, takes the careful path.
    """
    budget[0] -= 1
    if depth > limits.max_depth or budget[0] < 0:
        raise _SlowPath
    if isinstance(node, yaml.ScalarNode) and len(node.value) > limits.max_text:
        raise _SlowPath  # the careful path names the line
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        pairs = node.value
        raw = [k.value for k, _ in pairs]
        if len(set(raw)) != len(raw):
            raise _SlowPath  # duplicate keys: the careful path names both lines
        out: dict[Any, Any] = {}
        for key_node, value_node in pairs:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _SlowPath
            # Plain-string keys and values, most of a file, are taken here rather than in a
            # call each; they count against the budget and the text limit all the same.
            if key_node.tag == _STR and len(key_node.value) <= limits.max_text:
                budget[0] -= 1
                key = key_node.value
            else:
                key = _build(key_node, depth + 1, limits, budget)
            if value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode):
                budget[0] -= 1
                if len(value_node.value) > limits.max_text:
                    raise _SlowPath  # the careful path names the line
                out[key] = value_node.value
            else:
                out[key] = _build(value_node, depth + 1, limits, budget)
        if pairs and (budget[0] < 0 or depth + 1 > limits.max_depth):
            raise _SlowPath
        return out
    if tag == _SEQ:
        return [_build(v, depth + 1, limits, budget) for v in node.value]
    construct = _SCALARS.get(tag)
    if construct is None or not isinstance(node, yaml.ScalarNode):
        raise _SlowPath  # merge keys, '=' values
    if tag in _NUMBERS and _YAML11_NUMBER.match(node.value):
        raise _SlowPath  # 010, 0x1F, 1:30: YAML 1.1 readings the careful path refuses
    return construct(node)


_STR, _MAP, _SEQ = _CORE + "str", _CORE + "map", _CORE + "seq"
_NUMBERS = frozenset({_CORE + "int", _CORE + "float"})
_SCALARS: dict[str, Any] = {
    _CORE + "null": _CONSTRUCTOR.construct_yaml_null,
    _CORE + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _CORE + "int": _CONSTRUCTOR.construct_yaml_int,
    _CORE + "float": _CONSTRUCTOR.construct_yaml_float,
    _CORE + "timestamp": _CONSTRUCTOR.construct_yaml_timestamp,
}


class LazyLocations(Mapping[str, tuple[int, int]]):
    """Key positions of a file, parsed only when a format asks for one (SARIF, annotations)."""

    def __init__(self, path: Path | str, limits: Limits = DEFAULT_LIMITS) -> None:
        # A name is enough until positions are asked for: most results never need them.
        self._path, self._limits = path, limits
        self._map: dict[str, tuple[int, int]] | None = None

    def _load(self) -> dict[str, tuple[int, int]]:
        if self._map is None:
            try:
                self._map = load_document(Path(self._path), self._limits).key_locations()
            except InputError:
                self._map = {}
        return self._map

    def __getitem__(self, key: str) -> tuple[int, int]:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def load_document(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    raw = read_bytes(path, limits)
    doc = parse(decode(raw, str(path)), str(path), limits)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return doc


def validate(doc: Document, model: type[BaseModel], context: dict[str, Any] | None = None) -> Any:
    """Validate ``doc`` against ``model``; every error of the file at once, each with its place."""
    if not isinstance(doc.data, dict):
        found = _found(doc.data)
        raise InputError(
            [Problem(doc.locate(()), f"expected a mapping of keys at the top, found {found}")]
        )
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as e:
        problems = [_problem(doc, model, err) for err in e.errors()]
        raise InputError(sorted(problems, key=lambda p: (p.location, p.field or ""))) from None


def _problem(doc: Document, model: type[BaseModel], err: Any) -> Problem:
    loc = tuple(
        p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "prose-")))
    )
    shorthand = None
    if loc and loc[-1] in ("value", "level") and not isinstance(_data_at(doc.data, loc[:-1]), dict):
        # A quantity written as a bare figure or level word: the error is about the key itself.
        shorthand, loc = loc[-1], loc[:-1]
    field = ".".join(str(p) for p in loc) or None
    kind, value = err["type"], err.get("input")
    message, hint = err["msg"], None
    if shorthand == "level" and isinstance(value, str):
        # Text where a quantity goes: "30,000" is a number gone wrong, "mots" a level word.
        hint = _number_hint(value)
        words = _literal_words(err.get("ctx", {}).get("expected", ""))
        close = difflib.get_close_matches(value.lower(), words, n=1)
        if close and hint == "write a plain number":
            hint = f"did you mean {close[0]!r}?"
        message = "Input should be a valid number" + (
            ""
            if hint.startswith("write a plain number without")
            else ", or one of " + ", ".join(words)
        )
    elif kind == "model_type" and "Measure" in message:
        message = "Input should be a number, a level word, or {value: ..., source: ...}"
    elif kind == "extra_forbidden":
        message = "unknown key"
        close = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "remove it or check the spelling"
    elif kind == "missing":
        message = "required key is missing"
        hint = "add it"
    elif kind == "literal_error":
        words = _literal_words(err.get("ctx", {}).get("expected", ""))
        lowered = {w.lower(): w for w in words}
        close = difflib.get_close_matches(str(value).lower(), list(lowered), n=1)
        hint = f"did you mean {lowered[close[0]]!r}?" if close else None
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        # pydantic says "a valid dictionary or instance of Names": our class names are no
        # business of the reader's.
        message = f"expected a mapping of keys, found {_found(value)}"
        hint = (
            "write the keys under it, one a line, e.g. ja: … and en: …" if field == "name" else None
        )
    elif kind == "string_pattern_mismatch":
        message, hint = _pattern_hint(str(err.get("ctx", {}).get("pattern", "")))
    elif kind.startswith(("date_", "datetime_")):
        hint = "write the date as YYYY-MM-DD, e.g. 2026-04-01"
    elif isinstance(value, bool) and kind in ("string_type", "string_pattern_mismatch"):
        hint = "YAML reads yes/no/on/off/true/false as booleans; quote the text"
    elif isinstance(value, str) and kind in ("int_type", "float_type", "int_parsing"):
        hint = _number_hint(value)
    return Problem(doc.locate(loc), message, field=field, hint=hint)


def _data_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_list or (isinstance(data, dict) and part in data)):
            return None
        data = data[part]
    return data


def _found(value: Any) -> str:
    """What a value is, in a reader's words: "text", "a list", "nothing"."""
    names = {"NoneType": "nothing", "list": "a list", "str": "text", "dict": "a mapping"}
    names |= {"int": "a number", "float": "a number", "bool": "true or false"}
    return names.get(type(value).__name__, f"a single {type(value).__name__} value")


def _pattern_hint(pattern: str) -> tuple[str, str]:
    """Plain words for the regular expressions of models.py, which users should never see."""
    if pattern.startswith("^[a-z0-9]"):
        return "not a valid id", "use lowercase letters, digits, '-' and '_', e.g. library-system"
    if pattern.startswith("^https?"):
        return "not a web address", "write a full http:// or https:// address"
    return (
        "contains control characters or right-to-left marks",
        "remove invisible characters: they make text read differently from what is stored",
    )


def _number_hint(value: str) -> str:
    ascii_digits = unicodedata.normalize("NFKC", value).replace(",", "").replace("_", "")
    if ascii_digits.lstrip("-").replace(".", "", 1).isdigit():
        return f"write a plain number without quotes, commas or full-width digits: {ascii_digits}"
    return "write a plain number"


def _literal_words(expected: str) -> list[str]:
    return [w.strip(" '\"") for w in expected.replace(" or ", ",").split(",") if w.strip()]


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the sub-model found by following ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        current = _model_of(fields[part].annotation)
    return list(getattr(current, "model_fields", {}))


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
