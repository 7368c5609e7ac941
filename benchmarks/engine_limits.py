"""Where durable-rules stops coping: build the shipped rule set plus one rule of N alternatives.

Each build runs in its own process under a timeout, since a build past the limit never
returns and cannot be interrupted. The figures are in ``src/commonize/rules/limits.py``.

    uv run python benchmarks/engine_limits.py 400 450 472 475 500
"""

from __future__ import annotations

import json
import subprocess
import sys

_BUILD = """
import json, sys
import durable_rules_engine as dre
from commonize.api import load_ruleset, default_rules_dir
from commonize.rules.compiler import compile_ruleset
n = int(sys.argv[1])
compiled = compile_ruleset(load_ruleset(default_rules_dir()))
rules = {r.name: {"pri": r.pri, "all": [{"m": r.pattern}]} for r in compiled.rules}
many = {"$or": [{"user_needs__users_per_year": i} for i in range(n)]}
rules["many"] = {"pri": 1, "all": [{"m": {"$and": [{"kind": "candidate"}, many]}}]}
dre.create_ruleset("probe", json.dumps(rules))
"""


def builds(n: int, timeout: float = 10.0) -> str:
    try:
        run = subprocess.run(
            [sys.executable, "-c", _BUILD, str(n)], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "hangs"
    return "builds" if run.returncode == 0 else "fails: " + run.stderr.strip().splitlines()[-1]


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [100, 400, 472, 475, 500]
    print(json.dumps({n: builds(n) for n in sizes}, indent=2))
