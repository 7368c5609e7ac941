"""discover_names lists what the straightforward os.walk + Path.resolve() listing lists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from commonize.discover import SUFFIXES, discover, discover_names


def reference(paths: list[Path]) -> list[str]:
    """The previous implementation: a Path and a resolve() per file."""

    def key(p: Path) -> str:
        try:
            return str(p.resolve())
        except (OSError, RuntimeError):
            return str(p.absolute())

    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.endswith(SUFFIXES) and not name.startswith("."):
                        p = Path(root, name)
                        found.setdefault(key(p), p)
        else:
            found.setdefault(key(path), path)
    return [found[k].as_posix() for k in sorted(found)]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "cands"
    for rel in [
        "a.yaml",
        "b.yml",
        "notes.txt",
        ".hidden.yaml",
        "z/deep/c.yaml",
        "z/deep/d.YAML",
        "m/e.yaml",
        ".git/f.yaml",
        "m/.cache/g.yaml",
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x: 1\n", encoding="utf-8")
    os.symlink(root / "a.yaml", root / "m" / "link-to-a.yaml")  # same file twice
    os.symlink(root / "z", root / "zlink")  # a symlinked directory is not followed
    os.symlink(root / "z", root / "old.yaml")  # nor listed as a file for its name
    os.symlink(tmp_path, root / "m" / "out.yml")
    os.symlink(root / "missing.yaml", root / "dangling.yaml")
    os.symlink("loop1.yaml", root / "loop2.yaml")
    os.symlink("loop2.yaml", root / "loop1.yaml")
    return root


def test_same_files_and_order_as_walking_with_resolve(tree: Path, monkeypatch) -> None:
    monkeypatch.chdir(tree.parent)
    for given in (
        [Path("cands")],
        [Path("cands/")],
        [Path("./cands")],
        [tree],
        [Path("cands/m"), Path("cands")],
        [Path("cands/z/deep/c.yaml"), Path("cands/z")],
        [Path("cands/zlink"), Path("cands/notes.txt")],
    ):
        assert discover_names(given) == reference(given), given
    monkeypatch.chdir(tree)
    assert discover_names([Path(".")]) == reference([Path(".")])
    assert "m/link-to-a.yaml" not in discover_names([Path(".")])  # the same file as a.yaml


def test_discover_gives_paths_of_the_same_names(tree: Path) -> None:
    assert [p.as_posix() for p in discover([tree])] == discover_names([tree])
    assert discover_names([str(tree)]) == discover_names([tree])  # names are paths too
