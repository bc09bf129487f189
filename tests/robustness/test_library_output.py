"""Library chatter never reaches stderr (issue 13 §7): fontTools' subsetter
logged "FFTM NOT subset; don't know how to subset; dropped" when a fallback
glyph was cut out of a system font for a combining mark or a variation
selector; paiban routes library logging to its log ($PAIBAN_LOG).  The
fallback chain now converts its glyphs without the subsetter
(typeset/fonts/fallback.py, issue 14 §3), so the build has nothing to say;
the routing itself is tested in-process."""
from __future__ import annotations

import logging
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
    assert run.stderr.strip() == ""


def test_library_records_go_to_our_log_not_stderr(tmp_path, monkeypatch, capfd):
    from typeset.runtime import LIBRARY_LOG, LIBRARY_LOGGERS, route_library_logging
    saved = {name: (logging.getLogger(name).propagate, list(logging.getLogger(name).handlers))
             for name in LIBRARY_LOGGERS}
    log = tmp_path / "paiban.log"
    monkeypatch.setenv("PAIBAN_LOG", str(log))
    try:
        route_library_logging()
        logging.getLogger("fontTools.subset").warning("FFTM NOT subset; don't know how to subset; dropped")
        for handler in logging.getLogger("fontTools").handlers:
            handler.flush()
    finally:
        for name, (propagate, handlers) in saved.items():
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
                if handler not in handlers and isinstance(handler, logging.FileHandler):
                    handler.close()
            for handler in handlers:
                logger.addHandler(handler)
            logger.propagate = propagate
    assert "NOT subset" not in capfd.readouterr().err
    assert "NOT subset" in log.read_text(encoding="utf-8")        # routed, not lost
    assert any("NOT subset" in r.getMessage() for r in LIBRARY_LOG.records)


def test_verbose_prints_what_the_libraries_logged_during_the_command(monkeypatch, capsys):
    """-v shows the kept records of the command (README: “verbose”); without -v nothing."""
    from typeset import cli
    sample = os.path.join(ROOT, "issues", "sample.xml")

    def validate_and_log(args):
        logging.getLogger("fontTools.subset").warning("FFTM NOT subset")
        return 0
    monkeypatch.setattr(cli, "_dispatch", validate_and_log)
    assert cli.main(["validate", sample]) == 0
    assert "FFTM" not in capsys.readouterr().err
    assert cli.main(["-v", "validate", sample]) == 0
    assert "paiban: fontTools.subset: WARNING: FFTM NOT subset" in capsys.readouterr().err
