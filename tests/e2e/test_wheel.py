"""Issue 14 §4: the fonts travel with the package.

A wheel built with `pip wheel .` from a copy of the source tree, installed
(`--no-deps --no-index`) into a fresh virtual environment outside the tree,
builds the sample byte for byte as the checkout does.  The venv sees the
system's site-packages so that no dependency is downloaded; the test checks
that `typeset` is then imported from the venv, not from a checkout.

Where a C compiler is, the wheel is a platform wheel that carries the C
breaker (typeset/compose/_speedups.c, issue 15 §7), and the installed
package runs it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "issues" / "sample.xml"
# What a source checkout holds besides the package and is no part of a build.
NOT_SOURCE = shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", ".pytest_cache",
                                    ".hypothesis", ".venv", "out", "proof", "*.pdf", "*.so")


def clean_env(cache: Path) -> dict:
    """The environment of a user who has only installed the wheel: no
    PYTHONPATH pointing at a checkout, no font settings, an empty cache."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "TYPESET_FONTS", "TYPESET_FONT_DIRS", "VIRTUAL_ENV")}
    env["TYPESET_CACHE_DIR"] = str(cache)
    return env


def has_c_compiler() -> bool:
    """A C compiler setuptools would find (CC, else cc or gcc on the PATH)."""
    cc = os.environ.get("CC", "").split()
    return bool(shutil.which(cc[0]) if cc else shutil.which("cc") or shutil.which("gcc"))


def run(cmd, **kw):
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=120, **kw)
    assert done.returncode == 0, f"{cmd}: {done.stdout}\n{done.stderr}"
    return done


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_builds_the_sample_byte_identical(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", src],
        env=clean_env(tmp_path / "pip-cache"))
    wheel = next((tmp_path / "dist").glob("typeset-*.whl"))
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--system-site-packages", venv])
    python = venv / "bin" / "python"
    work = tmp_path / "elsewhere"         # no checkout around: cwd, issue and output live here
    work.mkdir()
    run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed", wheel],
        cwd=work, env=clean_env(tmp_path / "cache-install"))

    where = run([python, "-c", "import typeset.fonts as f; print(f.__file__); print(f.fonts_dir())"],
                cwd=work, env=clean_env(tmp_path / "cache-where")).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where      # the wheel's code and fonts
    if has_c_compiler():
        names = zipfile.ZipFile(wheel).namelist()
        assert any(n.startswith("typeset/compose/_speedups") and n.endswith((".so", ".pyd")) for n in names)
        compiled = run([python, "-c", "from typeset.compose import breaker; print(breaker.COMPILED.__file__)"],
                       cwd=work, env=clean_env(tmp_path / "cache-compiled")).stdout.strip()
        assert Path(compiled).is_relative_to(venv), compiled

    installed = work / "installed.pdf"
    run([venv / "bin" / "paiban", "build", SAMPLE, "-o", installed], cwd=work,
        env=clean_env(tmp_path / "cache-installed"))
    checkout = tmp_path / "checkout.pdf"
    run([sys.executable, "-m", "typeset", "build", SAMPLE, "-o", checkout], cwd=ROOT,
        env={**clean_env(tmp_path / "cache-checkout"), "PYTHONPATH": str(ROOT)})
    assert digest(installed) == digest(checkout)
