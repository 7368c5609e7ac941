"""Coverage-guided fuzzing of the candidate loader and the whole evaluation with atheris.

    uv sync --extra fuzz
    uv run python fuzz/fuzz_loader.py -atheris_runs=200000          # or -max_total_time=600

Each input is written as a candidate file and evaluated with the shipped rules. Anything
other than a result (valid with a track, or invalid with problems) is a crash: an exception
escaping evaluate_paths, or a valid result without a track. The suite's hypothesis tests
cover the same properties in seconds; this script is for long runs.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["commonize"]):
    from commonize.api import evaluate_paths, load_rules
    from commonize.results import TRACKS

COMPILED = load_rules()
SEED = (Path(__file__).resolve().parents[1] / "candidates" / "library-system.yaml").read_bytes()
TMP = Path(tempfile.mkdtemp(prefix="commonize-fuzz-"))


def test_one_input(data: bytes) -> None:
    path = TMP / "c.yaml"
    path.write_bytes(data)
    (result,) = evaluate_paths([path], COMPILED).results
    if result.status == "ok":
        assert result.track in TRACKS, result
    else:
        assert result.problems, result
        for p in result.problems:
            assert p.location.path == path.as_posix()


def main() -> None:
    corpus = TMP / "corpus"
    corpus.mkdir()
    (corpus / "seed.yaml").write_bytes(SEED)
    atheris.Setup([*sys.argv, str(corpus)], test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
