"""List the top-level names defined in more than one module of the project (issue 11: one name,
one thing).

Classes and UPPER_CASE constants are listed by default (``--functions`` adds public functions):
two modules defining the same class or constant name usually mean one idea spelled twice, or two
ideas sharing a name. Private names (``_x``), ``__all__`` and names a module only imports are not
counted. Prints ``name: module, module, …`` one per line and exits 1 when any is found, so it can
guard a branch: ``python scripts/duplicate_names.py [--functions] [--ignore NAME …]``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("classifier", "connectors", "db", "monitor", "publisher")


def _defined(tree: ast.Module, functions: bool) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) or (functions and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name) and leaf.id.isupper():
                        names.add(leaf.id)
    return {n for n in names if not n.startswith("_")}


def duplicates(functions: bool = False) -> dict[str, list[str]]:
    """Each name defined at the top of two or more modules, with those modules."""
    where: dict[str, list[str]] = defaultdict(list)
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # Alembic revisions all define `revision`, `upgrade`, … by design
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for name in _defined(ast.parse(path.read_text(encoding="utf-8")), functions):
                where[name].append(module)
    return {name: mods for name, mods in sorted(where.items()) if len(mods) > 1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", action="store_true", help="count public functions too")
    parser.add_argument("--ignore", nargs="*", default=[], help="names to leave out")
    args = parser.parse_args(argv)
    found = {n: m for n, m in duplicates(args.functions).items() if n not in args.ignore}
    for name, modules in found.items():
        print(f"{name}: {', '.join(modules)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
