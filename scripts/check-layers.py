#!/usr/bin/env python3
"""Checks that the library's layers only point down, and that no two modules depend on each
other (ARCHITECTURE.md). Run by .ci/run.

Every `crate::…` and `super::…` path in `src/` (comments left out) is resolved to the module
it names. Two rules:

1. A module may use its own layer and the layers below (the table below); never one above.
2. No cycle between modules that are not each other's ancestor: the graph of which module
   file uses which must have no loop (a parent and its children share items freely).

Prints each breach with file and line, and exits 1 if there is any.
"""
import re
import sys
from pathlib import Path

# Top-level module -> layer, bottom first. `cmd` and `main` (the binary) sit on top.
LAYERS = {
    "dates": 0, "model": 0, "problem": 0, "render": 0, "threads": 0, "config": 0,
    "kernels": 1,
    "population": 2, "load": 2,
    "indicators": 3,
    "benchmark": 4,
    "report": 5, "synth": 5,
    "cmd": 6, "main": 6, "lib": 6,
}

ROOT = Path(__file__).resolve().parent.parent / "src"


def module_of(path: Path) -> tuple:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return tuple(parts)


def code_lines(text: str):
    """(line number, text) of each line, comments removed."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.split("//", 1)[0] if "//" in line and '"' not in line else line
        if stripped.lstrip().startswith("//"):
            continue
        yield number, stripped


def expand_use(path: str) -> list:
    """`crate::a::{b, c::d}` -> `crate::a::b`, `crate::a::c::d` (one level of braces)."""
    match = re.match(r"^(.*?)::\{(.*)\}$", path)
    if not match:
        return [path]
    head, body = match.groups()
    items, depth, current = [], 0, ""
    for c in body:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += c
    items.append(current.strip())
    return [f"{head}::{item}" for item in items if item and item != "self"] + [head]


def references(text: str):
    """(line, path) of every module path the file names."""
    for number, line in code_lines(text):
        for use in re.findall(r"\buse\s+((?:crate|super)::[^;]+);", line):
            for path in expand_use(re.sub(r"\s+", "", use)):
                yield number, path
        for path in re.findall(r"\b((?:crate|super)(?:::super)*::[a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)", line):
            yield number, path
    # `use` statements spread over several lines
    for match in re.finditer(r"\buse\s+((?:crate|super)::[^;]*\{[^;]*\});", text, re.S):
        number = text[: match.start()].count("\n") + 1
        for path in expand_use(re.sub(r"\s+", "", match.group(1))):
            yield number, path


def resolve(path: str, here: tuple, known: set):
    """The longest known module the path names, from the module `here` (`super` is the
    parent module, whatever the file layout)."""
    parts = path.split("::")
    if parts[0] == "crate":
        base, rest = [], parts[1:]
    else:
        base, rest = list(here), parts
        while rest and rest[0] == "super":
            base, rest = base[:-1], rest[1:]
    candidate = tuple(base + [p for p in rest if p != "self"])
    while candidate and candidate not in known:
        candidate = candidate[:-1]
    return candidate or None


def main() -> int:
    files = sorted(p for p in ROOT.rglob("*.rs"))
    modules = {module_of(p): p for p in files}
    known = set(modules)
    breaches = []
    graph = {m: set() for m in modules}
    for module, path in modules.items():
        text = path.read_text(encoding="utf-8")
        top = module[0] if module else "lib"
        if top not in LAYERS:
            breaches.append(f"{path}: module `{top}` is not in the layer table of {__file__}")
            continue
        for number, reference in references(text):
            target = resolve(reference, module, known)
            if target is None or target == module:
                continue
            target_top = target[0]
            if target_top in LAYERS and LAYERS[target_top] > LAYERS[top]:
                breaches.append(
                    f"{path.relative_to(ROOT.parent)}:{number}: `{'::'.join(module)}` (layer "
                    f"{LAYERS[top]}) uses `{'::'.join(target)}` (layer {LAYERS[target_top]}), a layer above"
                )
            related = target[: len(module)] == module or module[: len(target)] == target
            if not related:
                graph[module].add(target)
    breaches.extend(cycles(graph))
    for breach in sorted(set(breaches)):
        print(breach)
    if breaches:
        return 1
    print(f"layers: {len(modules)} modules, every reference points down, no cycle")
    return 0


def cycles(graph: dict) -> list:
    """Each strongly connected group of more than one module, as a breach."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                names = ", ".join(sorted("::".join(m) for m in group))
                found.append(f"cycle between modules: {names}")

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


if __name__ == "__main__":
    sys.exit(main())
