"""Reading candidate files: the pipeline's first stage, and all that `validate` runs.

A bad file is never an exception here: its problems become an invalid result. Kept apart
from ``pipeline`` (evaluation, the cache, worker processes) so that a schema check imports
none of those: `commonize validate` is what a pre-commit hook waits for.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from commonize.discover import discover, discover_names, is_text_name, shown_name
from commonize.errors import InputError, Problem, SourceLocation, duplicate_id
from commonize.loader import (
    DEFAULT_LIMITS,
    LazyLocations,
    Limits,
    decode,
    fast_data,
    parse,
    read_bytes,
    validate,
)
from commonize.models import Candidate
from commonize.results import INVALID, OK, Identity, Result
from commonize.rules.load import RuleSet

_PACKAGE = Path(__file__).resolve().parent


def default_rules_dir() -> Path:
    """The shipped rule set: the checkout's ``rules/``, or the copy inside the wheel."""
    checkout = _PACKAGE.parents[1] / "rules"
    if (checkout / "ruleset.yaml").is_file():
        return checkout
    return _PACKAGE / "_data" / "rules"


@dataclass(frozen=True)
class Loaded:
    path: str
    candidate: Candidate | None
    problems: tuple[Problem, ...] = ()
    locations: Mapping[str, tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    sha256: str | None = None


def load_candidate(
    path: Path, ruleset: RuleSet | Collection[str], limits: Limits = DEFAULT_LIMITS
) -> Loaded:
    """Read and validate one candidate file. Never raises for a bad file: problems are data.

    ``ruleset`` gives the standardized businesses a candidate may name: a rule set, or just
    their ids (``rules.load.load_business_ids``), which is all a schema check needs.

    Fast path: libyaml + pydantic on the plain data, key positions parsed later only if a
    format asks for them. Any failure re-reads the file the careful way for exact places.
    """
    name = path.as_posix()
    if not is_text_name(name):
        # One error result: the name cannot appear in any UTF-8 output, cache key or record.
        shown = shown_name(name)
        problem = Problem(
            SourceLocation(shown),
            "file name is not valid UTF-8",
            hint="rename the file with a UTF-8 name",
        )
        return Loaded(shown, None, (problem,))
    try:
        raw = read_bytes(path, limits)
    except InputError as e:
        return Loaded(name, None, tuple(e.problems))
    digest = hashlib.sha256(raw).hexdigest()
    data = fast_data(raw, limits)
    if isinstance(data, dict):
        try:
            candidate = Candidate.model_validate(data)
        except ValidationError:
            pass
        else:
            return _check_business(name, candidate, ruleset, LazyLocations(path, limits), digest)
    try:
        text = decode(raw, name)
    except InputError as e:
        return Loaded(name, None, tuple(e.problems))  # no sha256, as for an unreadable file
    try:
        doc = parse(text, name, limits)
        candidate = validate(doc, Candidate)
    except InputError as e:
        return Loaded(name, None, tuple(e.problems), sha256=digest)
    return _check_business(name, candidate, ruleset, doc.key_locations(), digest)


def _check_business(
    name: str,
    candidate: Candidate,
    ruleset: RuleSet | Collection[str],
    locations: Mapping[str, tuple[int, int]],
    digest: str,
) -> Loaded:
    business = candidate.standardized_business
    known = ruleset.businesses if isinstance(ruleset, RuleSet) else ruleset
    if business is not None and business not in known:
        close = difflib.get_close_matches(business, list(known), n=1, cutoff=0.4)
        hint = f"did you mean {close[0]!r}?" if close else "see rules/standardized_businesses.yaml"
        line, col = locations.get("standardized_business", (1, 1))
        problem = Problem(
            SourceLocation(name, line, col),
            f"{business!r} is not one of the 20 standardized businesses",
            field="standardized_business",
            hint=hint,
        )
        return Loaded(name, None, (problem,), locations, digest)
    return Loaded(name, candidate, (), locations, digest)


def load_candidates(
    paths: Iterable[Path], ruleset: RuleSet | Collection[str], limits: Limits = DEFAULT_LIMITS
) -> list[Loaded]:
    """Every candidate file under ``paths``, in path order; a repeated id makes a file bad."""
    owners = IdOwners()
    out = []
    for item in (load_candidate(p, ruleset, limits) for p in discover(paths)):
        if item.candidate is not None:
            problem = owners.problem(item.candidate.id, item.path, item.locations)
            if problem is not None:
                item = Loaded(item.path, None, (problem,), item.locations, item.sha256)
        out.append(item)
    return out


class IdOwners:
    """The first file (in path order) keeps an id; each later one is an error naming both.

    First-wins rather than all-invalid so that results can be streamed: a result, once
    written, is never taken back. Only the ids seen are kept, not the files. The one check
    of duplicate ids: validation, evaluation and ``load_candidates`` all pass through it.
    """

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def taken(self, candidate_id: str, path: str) -> bool:
        """Whether another file has this id already; if none has, ``path`` keeps it."""
        return self._first.setdefault(candidate_id, path) != path

    def problem(
        self, candidate_id: str, path: str, locations: Mapping[str, tuple[int, int]]
    ) -> Problem | None:
        """None if ``path`` is the first file with this id (it keeps it), else the problem."""
        if not self.taken(candidate_id, path):
            return None
        owner = self._first[candidate_id]
        line, column = locations.get("id", (1, 1))
        return duplicate_id(SourceLocation(path, line, column), candidate_id, owner)

    def check(self, result: Result, sha256: str | None = None) -> Result:
        """``result``, or, if another file already has its id, an invalid result saying so.

        ``sha256`` is the file's, for results that do not carry it (a valid file's
        validation result): an invalid result always names the bytes it judged."""
        if result.id is None:
            return result
        problem = self.problem(result.id, result.path, result.locations)
        if problem is None:
            return result
        return Result(
            path=result.path,
            status=INVALID,
            problems=(problem,),
            locations=result.locations,
            sha256=result.sha256 or sha256,
        )


def invalid_result(item: Loaded) -> Result:
    return Result(
        path=item.path,
        status=INVALID,
        problems=item.problems,
        locations=item.locations,
        sha256=item.sha256,
    )


def iter_validate(
    paths: Iterable[Path | str],
    ruleset: RuleSet | Collection[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    discovered: bool = False,
) -> Iterator[Result]:
    """Schema-check results one by one, in path order: what a streaming renderer consumes.

    ``ruleset`` is a rule set or only the standardized business ids. Files are listed at
    the call (a missing path raises ``UsageError`` here, before any result is written), and
    each file is read when its result is asked for; ``discovered`` says ``paths`` are
    already the sorted files.
    """
    # Names, not Paths, are held for the whole batch: see discover_names.
    files = list(paths) if discovered else discover_names(paths)
    owners = IdOwners()

    def checked(item: Loaded) -> Result:
        return owners.check(_validated(item), item.sha256)

    return (checked(load_candidate(Path(p), ruleset, limits)) for p in files)


def _validated(item: Loaded) -> Result:
    if item.candidate is None:
        return invalid_result(item)
    return Result(
        path=item.path, status=OK, identity=Identity.of(item.candidate), locations=item.locations
    )
