"""``commonize migrate``: raise candidate files to the current schema version, in place.

Version 2 only adds to version 1 (levels and sources for quantities, bilingual texts, new
facts, decision form and basis), so a version 1 file is a valid version 2 file once its
``schema_version`` says so: migrating rewrites that one line and nothing else, so comments,
order and layout stay as the analyst wrote them. A file is rewritten only if it loads as a
valid candidate afterwards; otherwise it is left as it was and its problems reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from commonize.atomic import write_atomic
from commonize.errors import CommonizeError, Problem
from commonize.loader import decode, load_document, parse, read_bytes, validate
from commonize.models import Candidate

CURRENT = 2
_LINE = re.compile(rb"^(schema_version:[ \t]*)1([ \t]*(?:#[^\n]*)?)$", re.M)


@dataclass(frozen=True)
class Migrated:
    path: str
    changed: bool
    problems: tuple[Problem, ...] = ()


def migrate_file(path: Path) -> Migrated:
    raw = read_bytes(path)
    new, count = _LINE.subn(rb"\g<1>2\g<2>", raw, count=1)
    if count == 0:
        try:  # already current, or not a candidate file: say which
            validate(load_document(path), Candidate)
        except CommonizeError as e:
            return Migrated(str(path), False, tuple(e.problems))
        return Migrated(str(path), False)
    try:
        validate(parse(decode(new, str(path)), str(path)), Candidate)
    except CommonizeError as e:
        return Migrated(str(path), False, tuple(e.problems))
    write_atomic(path, new)  # the same bytes but for the version digit
    return Migrated(str(path), True)
