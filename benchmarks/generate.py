"""Write N realistic synthetic candidate files (seeded, schema-valid, spread over all tracks).

    uv run python benchmarks/generate.py 10000 /tmp/bench-10k [--seed 7]

Each file is modelled on a shipped candidate, with its indicators jittered and some set to
null, so the batch covers every track, form and stopping gate in realistic proportions.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LEVELS = ["none", "low", "medium", "high"]
_LEVEL_FIELDS = ("disaster_relevance", "variation_between_governments", "realtime_data_value")


def templates() -> list[dict]:
    out = []
    for path in sorted((ROOT / "candidates").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.pop("decisions", None)
        out.append(data)
    return out


def jitter(rng: random.Random, value: object, path: str) -> object:
    if rng.random() < 0.03:
        return None  # some unknown indicators, as in real inventories
    if value is None:
        return None
    if isinstance(value, bool):
        return value if rng.random() < 0.9 else not value
    if isinstance(value, int):
        if path.endswith(("governments_doing", "requesting_governments")):
            return max(0, min(1788, int(value * rng.uniform(0.7, 1.3))))
        if path.endswith("joint_procurement_prefectures"):
            return max(0, min(47, value + rng.randint(-3, 3)))
        if path.endswith("contracts_end_year"):
            return max(1990, min(2100, value + rng.randint(-2, 2)))
        if path.endswith("_pct"):
            return max(0, min(100, value + rng.randint(-10, 10)))
        return max(0, int(value * rng.uniform(0.5, 1.5)))
    if isinstance(value, float):
        return round(max(0.0, min(100.0, value + rng.uniform(-10, 10))), 1)
    if path.endswith(_LEVEL_FIELDS) and rng.random() < 0.15:
        return rng.choice(_LEVELS)
    return value


def synthesize(rng: random.Random, template: dict, index: int) -> dict:
    data = {**template, "id": f"{template['id']}-{index:06d}"}
    for section in ("user_needs", "effect", "feasibility", "solution"):
        data[section] = {
            k: (v if isinstance(v, dict) else jitter(rng, v, f"{section}.{k}"))
            for k, v in (template.get(section) or {}).items()
        }
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = templates()
    args.directory.mkdir(parents=True, exist_ok=True)
    for i in range(args.count):
        data = synthesize(rng, base[i % len(base)], i)
        text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        (args.directory / f"{data['id']}.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
