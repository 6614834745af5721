"""The import graph of `desktop`, as the layers see it: circles, upward edges and a table per layer.

`python -m tests.benchmarks.import_graph` prints, for each layer of the contract in
pyproject.toml, its modules and the layers it imports; then every import circle (a strongly
connected group of modules, function-level and TYPE_CHECKING imports included) and every edge
that points up the layers. Used to check the restructuring of issue 17.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return list(contract["layers"])


def layer_of(module: str, order: list[str]) -> str | None:
    return next((layer for layer in order if module == layer or module.startswith(layer + ".")), None)


def circles(graph, modules: set[str]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on.add(node)
        for nxt in graph.find_modules_directly_imported_by(node) & modules:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def main() -> int:
    graph = grimp.build_graph("desktop")
    modules = {m for m in graph.modules if m.startswith("desktop")}
    order = layers()
    edges = [(a, b) for a in modules for b in graph.find_modules_directly_imported_by(a) if b in modules]
    upward = [(a, b) for a, b in edges
              if (la := layer_of(a, order)) and (lb := layer_of(b, order)) and order.index(lb) < order.index(la)]
    print(f"{len(modules)} modules, {len(edges)} import edges inside desktop\n")
    print("| layer | modules | imports from layers |")
    print("| --- | --- | --- |")
    for layer in order:
        mine = {m for m in modules if layer_of(m, order) == layer}
        below = sorted({layer_of(b, order) or b for a, b in edges if a in mine and layer_of(b, order) != layer})
        print(f"| {layer} | {len(mine)} | {', '.join(x or '?' for x in below)} |")
    groups = circles(graph, modules)
    outside_ui = [g for g in groups if not all(m.startswith("desktop.ui") for m in g)]
    print(f"\ncircles: {len(groups)} ({len(outside_ui)} outside desktop.ui)")
    for group in groups:
        print("  " + " <-> ".join(group))
    print(f"edges pointing up the layers: {len(upward)}")
    for a, b in sorted(upward):
        print(f"  {a} -> {b}")
    return 1 if outside_ui or upward else 0


if __name__ == "__main__":
    sys.exit(main())
