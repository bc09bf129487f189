"""The pipeline's shape, checked on the source: no stage imports a later one,
and only draw/ knows ReportLab (issue 17 §2; shared/architecture.md).

Stages, in pipeline order: model (XML → Issue) → style (templates) → fonts
(metrics the composer and the flow measure with) → compose (lines) → flow
(pages of placed slugs, as display lists: display/ holds their types and
the page boxes) → photos (resolved, checked and separated for print before
drawing) → draw
(ReportLab) → print (finishing and preflight).  The orchestrators —
pipeline, cli, workflow/, inputs, outputs, verify — chain the stages and may
import any of them; the shared base (errors, messages, units, runtime)
imports no stage.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "typeset"
# display/ holds the data flow/ produces and draw/ consumes: like the model's
# types, it comes before its producer in import order.
# kinds/ (one module per block kind) comes after flow: a kind's layout uses the
# flow's Typesetter; the earlier stages reach a kind only through registry.py.
STAGES = ["schema", "model", "style", "templates", "fonts", "compose", "display", "flow", "kinds", "photos",
          "draw", "print"]
BASE = {"errors", "messages", "units", "runtime", "registry", "__init__"}
ORCHESTRATORS = {"pipeline", "cli", "workflow", "inputs", "outputs", "verify", "__main__"}
PENDING: set[tuple[str, str]] = set()     # (module, stage) pairs allowed for now: none


def stage_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imports(path: Path) -> list[str]:
    """Top-level names of the package's modules that `path` imports, and
    the outside packages (as "ext:name"), at any depth in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(PACKAGE).parts[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += ["ext:" + a.name.split(".")[0] if not a.name.startswith("typeset") else
                    (a.name.split(".") + [""])[1] for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                mod = node.module or ""
                out.append(mod.split(".")[1] if mod.startswith("typeset.") else "ext:" + mod.split(".")[0])
            else:
                base = list(here[:len(here) - (node.level - 1)])
                if base:
                    out.append(base[0])
                elif node.module:
                    out.append(node.module.split(".")[0])
                else:                      # from .. import name: a module of the root, or the root's own
                    out += [a.name if _is_module(a.name) else "__init__" for a in node.names]
    return out


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name).is_dir()


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_no_stage_imports_a_later_one():
    wrong = []
    for path in modules():
        stage = stage_of(path)
        if stage in ORCHESTRATORS:
            continue
        for target in imports(path):
            if target.startswith("ext:") or target in BASE or target == stage:
                continue
            rel = str(path.relative_to(PACKAGE))
            if (rel, target) in PENDING:
                continue
            if stage in BASE or target in ORCHESTRATORS or STAGES.index(target) > STAGES.index(stage):
                wrong.append(f"{rel} imports {target}")
    assert not wrong, wrong


def test_only_draw_imports_reportlab():
    users = [str(p.relative_to(PACKAGE)) for p in modules() if "ext:reportlab" in imports(p)]
    assert users and all(u.startswith("draw/") for u in users), users


def test_the_checker_sees_a_violation(tmp_path, monkeypatch):
    # the test above can fail: a flow module importing draw is caught
    bad = PACKAGE / "flow" / "pages.py"
    assert "draw" not in imports(bad)
    fake = tmp_path / "typeset" / "flow" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from ..draw.pdf import draw_pdf\nimport reportlab.pdfgen\n", encoding="utf-8")
    monkeypatch.setattr("tests.test_architecture.PACKAGE", tmp_path / "typeset")
    assert imports(fake) == ["draw", "ext:reportlab"]


def test_only_the_registry_loads_the_block_kinds():
    """The stages find a block kind through typeset.registry (by element or
    type); none imports a kind module, and the registry loads them by name."""
    importers = sorted(str(p.relative_to(PACKAGE)) for p in modules()
                       if "kinds" in imports(p) and stage_of(p) not in ("kinds",) + tuple(ORCHESTRATORS))
    assert importers == [], importers
    from typeset import registry
    assert registry.BUILTIN_PACKAGE == "typeset.kinds"
    assert set(registry.kinds()) == {"article", "briefs", "photo", "banner", "summary", "rule", "continuation",
                                     "table"}


def test_the_text_path_does_not_import_numpy():
    # numpy costs ~50 ms of every short process (issue 15 §7); only photo
    # separation and a font-cache miss (draw/ttfparse.py) need it
    import subprocess
    import sys
    code = ("import sys, typeset.pipeline, typeset.draw.pdf, typeset.compose, typeset.flow.slugs; "
            "print('numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
