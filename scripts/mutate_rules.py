#!/usr/bin/env python3
"""Mutation testing of the composer's rules (issue 17 §5): do the rule tests
fail when a rule breaks?

Each mutant changes one thing in a copy of the repository:
- a module-level table: one character taken out of a class's string
  (`classes._NAMED`, HANGABLE, …), one element out of a set display
  ({OPEN, PREFIX, LOPEN}), one entry out of a dict or tuple of numbers;
- in the rule functions: one comparison flipped (== ↔ !=, < ↔ <=, > ↔ >=,
  in ↔ not in, is ↔ is not), one `and` ↔ `or`, one `not` dropped.
The targets are `compose/classes.py` (all of it), the break and
prohibition logic of `compose/prepare.py` and the line-end and
shrink/expand rules of `compose/justify.py` (TARGETS).  For every mutant the
rule tests (TESTS) run with -x in the copy; a mutant is killed when they fail
(or the module no longer imports).  Mutants that cannot change behaviour
are listed in EQUIVALENT with the reason; the kill rate is
killed / (mutants − equivalent).

    python3 scripts/mutate_rules.py               # all mutants (≈ 7 min on 2 cores)
    python3 scripts/mutate_rules.py --list        # the mutants, not run
    python3 scripts/mutate_rules.py --only classes.py:12   # ids starting so
    python3 scripts/mutate_rules.py --json out.json

Exit status 0 when the kill rate reaches --target (default 0.9), else 1; 2 when the
rule tests fail before any mutation.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Iterator, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# file → (functions whose operators are mutated ("*": all), module-level tables)
TARGETS: dict[str, tuple[object, tuple[str, ...]]] = {
    "typeset/compose/classes.py": (
        "*", ("_NAMED", "NO_START_BASIC", "NO_END_BASIC", "NO_START_GB", "NO_END_GB", "NO_START_STRICT",
              "CJK_MARKS")),
    "typeset/compose/prepare.py": (
        ("_break_table", "_mark_breaks", "_after_word_hyphen", "_keep_units_whole"),
        ("_WORDISH", "HANGABLE", "URL_BREAK_AFTER", "NOT_CONTENT")),
    "typeset/compose/justify.py": (
        ("_apply_end", "_collect_blanks", "shrink_items", "expand", "build_line", "_tag_flush_right"),
        ("SHRINK_ORDER",)),
}

TESTS = ["tests/compose/test_rule_mutants.py", "tests/compose/test_compose_rules.py",
         "tests/compose/test_compose_vectors.py", "tests/compose/test_compose_latin_and_units.py",
         "tests/layout/test_grid_blocks.py"]

# Mutants that cannot change what the composer does, by id (see --list), and why.
# Float tolerances (±1e-9 em, 1e-12 em) are not rules: moving the comparison
# onto the tolerance itself changes what happens only for a slack of exactly
# that size, and then by that much (no real advance produces it).
_TOLERANCE = "a float tolerance, not a rule: differs only at a slack of exactly that size"
EQUIVALENT: dict[str, str] = {
    # SPACE's named characters are all breaking spaces below U+3000, which
    # _by_property already makes SPACE: taking one out of _NAMED changes nothing.
    **{f"classes.py:_NAMED:SPACE:-{ch!r}": "str.isspace gives SPACE below U+3000 anyway"
       for ch in " \t\u00a0\u2002\u2003\u2009"},
    # Without a source tag tag_start == n, and every long word ends at or before n.
    "prepare.py:_keep_units_whole:`p.tag_start < p.n`:0:Lt->LtE": "the filter keeps every word when tag_start == n",
    "justify.py:build_line:`slack < -1e-09`:0:Lt->LtE": _TOLERANCE,
    "justify.py:build_line:`slack > 1e-09`:0:Gt->GtE": _TOLERANCE,
    "justify.py:build_line:`slack > 1e-09`:0:Gt->GtE#2": _TOLERANCE,
    "justify.py:expand:`slack <= 1e-12`:0:LtE->Lt": _TOLERANCE,
    # Amounts are ≥ 0: admitting the zero ones adds items that take nothing.
    "justify.py:_collect_blanks:`amount > 0`:0:Gt->GtE": "a zero blank shrinks by zero",
    "justify.py:shrink_items:`p.shr[k] > 0`:0:Gt->GtE": "a zero shrink takes nothing",
    "justify.py:shrink_items:`p.gap_shr[k] > 0`:0:Gt->GtE": "a zero gap shrink takes nothing",
    # compress(…, pgap[…]) has already kept only the gaps that are not zero (gaps are ≥ 0).
    "justify.py:expand:`pgap[k] > 0`:0:Gt->GtE": "compress() keeps only non-zero gaps",
    # `step is None and (…)`: a mark with no shrink step has no blank (amount 0 below,
    # not collected); with shrink_stops off the breaker never sets a line that needs
    # step 7, and the justifier stops as soon as the need is met, before step 7.
    "justify.py:_collect_blanks:`step is None or (step == 7 and (not s.shrink_stops))`:Or->And":
        "step-7 blanks are never reached when the breaker did not count them",
    # §1.5 shrink step 3 (both sides of ·) has no items: C5 fixes · at ½ em with no blanks.
    "justify.py:SHRINK_ORDER:-3": "step 3 finds nothing (C5)",
}


@dataclass
class Mutant:
    id: str              # file:line:what, stable across runs while the code stands
    path: str            # repository-relative file
    source: str          # the mutated module source
    description: str


# -- finding mutants ---------------------------------------------------------------

_FLIP_COMPARE = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt,
                 ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In,
                 ast.Is: ast.IsNot, ast.IsNot: ast.Is}


def _functions(tree: ast.Module, names) -> Iterator[ast.AST]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (names == "*" or node.name in names):
            yield node


def _tables(tree: ast.Module, names: tuple[str, ...]) -> Iterator[tuple[str, ast.AST]]:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else []
        for t in targets:
            if isinstance(t, ast.Name) and t.id in names:
                yield t.id, node.value


@dataclass(frozen=True)
class Point:
    """One mutation: what to do (`op`, `arg`) to the node at position `node`
    of `ast.walk` order, which is the same in every fresh parse of a file."""
    id: str
    node: int
    op: str          # compare | boolop | drop-not | char | element | entry
    arg: object = None


def _mutation_points(tree: ast.Module, functions, tables) -> list[Point]:
    """The mutation points of a module, in source order."""
    index = {id(n): k for k, n in enumerate(ast.walk(tree))}
    points: list[Point] = []
    for func in _functions(tree, functions):
        for node in ast.walk(func):
            # The id names the function and the expression's source, not its line,
            # so EQUIVALENT stays valid while other code moves.
            k, where = index[id(node)], f"{func.name}:`{_short(node)}`"
            if isinstance(node, ast.Compare):
                for m, op in enumerate(node.ops):
                    flipped = _FLIP_COMPARE.get(type(op))
                    if flipped:
                        points.append(Point(f"{where}:{m}:{type(op).__name__}->{flipped.__name__}", k, "compare",
                                            (m, flipped)))
            elif isinstance(node, ast.BoolOp):
                other = ast.Or if isinstance(node.op, ast.And) else ast.And
                points.append(Point(f"{where}:{type(node.op).__name__}->{other.__name__}", k, "boolop", other))
            elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                points.append(Point(f"{where}:drop-not", k, "drop-not"))
    for name, value in _tables(tree, tables):
        points += _table_points(name, value, index)
    return points


def _short(node: ast.AST, limit: int = 60) -> str:
    text = ast.unparse(node)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _table_points(name: str, value: ast.AST, index: dict[int, int]) -> list[Point]:
    points: list[Point] = []
    for node in ast.walk(value):
        k = index[id(node)]
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
            label = _entry_label(value, node)
            points += [Point(f"{name}:{label}-{ch!r}", k, "char", ch) for ch in dict.fromkeys(node.value)]
        elif isinstance(node, ast.Set) and node.elts:
            points += [Point(f"{name}:-{ast.unparse(e)}", k, "element", pos) for pos, e in enumerate(node.elts)]
        elif isinstance(node, ast.Tuple) and node.elts and all(
                isinstance(e, ast.Constant) and isinstance(e.value, int) for e in node.elts):
            points += [Point(f"{name}:-{ast.unparse(e)}", k, "element", pos) for pos, e in enumerate(node.elts)]
        elif isinstance(node, ast.Dict):
            points += [Point(f"{name}:-{ast.unparse(key) if key else '**'}", k, "entry", pos)
                       for pos, key in enumerate(node.keys)]
    return points


def _apply(tree: ast.Module, point: Point) -> None:
    """Make the mutation `point` in `tree` (a fresh parse of its file)."""
    node: Any = next(n for i, n in enumerate(ast.walk(tree)) if i == point.node)
    if point.op == "compare":
        m, flipped = point.arg
        node.ops[m] = flipped()
    elif point.op == "boolop":
        node.op = point.arg()
    elif point.op == "drop-not":
        _replace(tree, node, node.operand)
    elif point.op == "char":
        node.value = node.value.replace(point.arg, "")
    elif point.op == "element":
        del node.elts[point.arg]
        if isinstance(node, ast.Set) and not node.elts:      # {} would be a dict
            _replace(tree, node, ast.Call(func=ast.Name("set", ast.Load()), args=[], keywords=[]))
    elif point.op == "entry":
        del node.keys[point.arg], node.values[point.arg]


def _replace(tree: ast.AST, child: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is child:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(item is child for item in value):
                value[[id(item) for item in value].index(id(child))] = new
                return
    raise LookupError("node not in tree")


def _entry_label(table: ast.AST, const: ast.Constant) -> str:
    """For `_NAMED`'s (CLASS, "chars") entries, the class name; else the line."""
    for node in ast.walk(table):
        if isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[0], ast.Name):
            if any(n is const for n in ast.walk(node.elts[1])):
                return node.elts[0].id + ":"
    return f"{const.lineno}:"


def mutants() -> list[Mutant]:
    out: list[Mutant] = []
    seen: dict[str, int] = {}
    for path, (functions, tables) in TARGETS.items():
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            original = f.read()
        short = os.path.basename(path)
        for point in _mutation_points(ast.parse(original), functions, tables):
            mutated = ast.parse(original)
            _apply(mutated, point)
            ast.fix_missing_locations(mutated)
            ident = f"{short}:{point.id}"
            seen[ident] = seen.get(ident, 0) + 1
            if seen[ident] > 1:                      # the same expression twice in a function
                ident += f"#{seen[ident]}"
            out.append(Mutant(ident, path, ast.unparse(mutated), point.id))
    return out


# -- running them -------------------------------------------------------------------

def _copy_repository(into: str) -> None:
    for name in ("typeset", "tests", "issues", "fonts"):
        shutil.copytree(os.path.join(ROOT, name), os.path.join(into, name),
                        ignore=shutil.ignore_patterns("__pycache__", "*.pdf", ".hypothesis"))
    shutil.copy(os.path.join(ROOT, "pyproject.toml"), into)


def _pytest(work: str, timeout: float) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=work, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TESTS],
                          cwd=work, env=env, capture_output=True, text=True, timeout=timeout)


def run(mutant: Mutant, work: str, timeout: float) -> str:
    """'killed', 'survived' or 'timeout' (counted as killed: the tests noticed)."""
    target = os.path.join(work, mutant.path)
    with open(target, encoding="utf-8") as f:
        original = f.read()
    try:
        with open(target, "w", encoding="utf-8") as f:
            f.write(mutant.source)
        try:
            done = _pytest(work, timeout)
        except subprocess.TimeoutExpired:
            return "timeout"
        return "survived" if done.returncode == 0 else "killed"
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="print the mutants' ids and stop")
    ap.add_argument("--only", default="", help="run only mutants whose id starts with this")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--target", type=float, default=0.9)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--tests", nargs="+", help="run these test files instead of TESTS")
    args = ap.parse_args(argv)
    if args.tests:
        TESTS[:] = args.tests
    found = [m for m in mutants() if m.id.startswith(args.only)]
    if args.list:
        for m in found:
            print(m.id + ("   [equivalent]" if m.id in EQUIVALENT else ""))
        print(f"{len(found)} mutants")
        return 0
    results: dict[str, str] = {}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mutate-rules-") as work:
        _copy_repository(work)
        clean = _pytest(work, args.timeout)          # the copy must pass before anything is mutated
        if clean.returncode != 0:
            print("the rule tests fail on the unmutated code:\n" + clean.stdout[-3000:], file=sys.stderr)
            return 2
        for k, m in enumerate(found, 1):
            status = "equivalent" if m.id in EQUIVALENT else run(m, work, args.timeout)
            results[m.id] = status
            if status == "survived":
                print(f"[{k}/{len(found)}] SURVIVED {m.id}", flush=True)
    killed = sum(s in ("killed", "timeout") for s in results.values())
    equivalent = sum(s == "equivalent" for s in results.values())
    killable = len(results) - equivalent
    rate = killed / killable if killable else 1.0
    print(f"{len(results)} mutants, {equivalent} equivalent, {killed} of {killable} killable killed: "
          f"{100 * rate:.1f} % ({time.perf_counter() - t0:.0f} s)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"results": results, "killed": killed, "killable": killable, "equivalent": equivalent,
                       "rate": rate}, f, ensure_ascii=False, indent=1)
    return 0 if rate >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
