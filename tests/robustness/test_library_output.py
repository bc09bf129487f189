"""Library chatter never reaches stderr (issue 13 §7): fontTools' subsetter
logs "FFTM NOT subset; don't know how to subset; dropped" when a fallback
glyph is cut out of a system font for a combining mark or a variation
selector; paiban routes library logging to its log ($PAIBAN_LOG)."""
from __future__ import annotations

import os
import subprocess
import sys

from robust_support import ROOT

# combining marks and variation selectors no shipped face has: each is cut from a system font
TEXT = "正文a&#x301;b&#x302;c&#x303;一段&#xFE0F;文字&#xFE0E;。"
ISSUE = f"""<?xml version="1.0" encoding="UTF-8"?>
<issue paper="测试报" date="2022-08-31">
  <page number="1" section="测试" template="bulletin">
    <article id="a1" col="1" span="2"><headline>标题</headline><p>{TEXT}</p></article>
  </page>
</issue>
"""


def test_font_subsetting_chatter_goes_to_our_log_not_stderr(tmp_path):
    issue = tmp_path / "marks.xml"
    issue.write_text(ISSUE, encoding="utf-8")
    log = tmp_path / "paiban.log"
    env = dict(os.environ, PYTHONPATH=ROOT, PAIBAN_LANG="en", PAIBAN_LOG=str(log),
               TYPESET_CACHE_DIR=str(tmp_path / "cache"))       # a fresh cache: the glyphs are cut again
    run = subprocess.run([sys.executable, "-m", "typeset", "build", str(issue), "-o", str(tmp_path / "out.pdf"),
                          "--variant", "none", "-q"], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "FFTM" not in run.stderr and "subset" not in run.stderr, run.stderr
    assert "NOT subset" in log.read_text(encoding="utf-8")        # routed, not lost
