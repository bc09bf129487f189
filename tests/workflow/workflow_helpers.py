"""Helpers of the workflow tests: copies of the sample issue, editors' edits, and running `paiban`."""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO / "issues"


def copy_sample(folder: Path, name: str = "sample.xml") -> Path:
    """The sample issue and its images in `folder` (the issue refers to images/…)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "images").exists():
        shutil.copytree(SAMPLE_DIR / "images", folder / "images")
    target = folder / name
    shutil.copyfile(SAMPLE_DIR / "sample.xml", target)
    return target


def set_block_lines(issue: Path, block_id: str, lines: int) -> None:
    """Give block `block_id` a height of `lines` grid lines (replacing any it had)."""
    text = issue.read_text(encoding="utf-8")

    def shrink(m):
        tag = re.sub(r'\s+lines="\d+"', "", m.group(0))
        return tag[:-1] + f' lines="{lines}">'
    text, n = re.subn(rf'<\w+ id="{block_id}"[^>]*>', shrink, text, count=1)
    assert n == 1, f"block {block_id} not in the sample"
    issue.write_text(text, encoding="utf-8")


def append_to_first_paragraph(issue: Path, block_id: str, words: str) -> None:
    """An editor's one-paragraph edit: add `words` at the end of the block's first paragraph."""
    text = issue.read_text(encoding="utf-8")
    end = text.index("</p>", text.index(f'id="{block_id}"'))
    issue.write_text(text[:end] + words + text[end:], encoding="utf-8")
    bump_mtime(issue)


def bump_mtime(path: Path) -> None:
    """Make the change visible even on file systems with coarse timestamps."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def paiban(*args: str, env: dict | None = None) -> tuple[int, str, str]:
    """Run the paiban command line in-process: (exit status, stdout, stderr)."""
    from typeset.cli import main
    out, err = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return code, out.getvalue(), err.getvalue()
