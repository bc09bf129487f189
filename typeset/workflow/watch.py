"""Issue XML and the files it uses → a rebuilt PDF (and proofs) each time one of them changes.

Polls modification times (no inotify dependency, works on network shares).
Fonts and the per-template `Typesetter`s — with their composition caches —
live as long as the watcher, so after a one-paragraph edit only that
paragraph is composed again; parsing, placement and drawing are redone.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Optional, TextIO

from ..errors import TypesetError
from .check import CheckReport, format_table, layout, report_for, summary_line
from .messages import say

POLL_SECONDS = 0.5


@dataclass
class WatchOptions:
    out: str
    proof_dir: Optional[str] = None    # also write PNG proofs (with overlay) here
    variant: str = "none"              # plain PDF by default: PDF/X finishing is for `build`
    interval: float = POLL_SECONDS
    lang: str = "zh"
    table: bool = False                # the whole check table each time, not just the summary
    dpi: int = 50


@dataclass
class Watcher:
    issue: str
    options: WatchOptions
    stream: Optional[TextIO] = None    # None: whatever sys.stdout is at the time of printing
    on_build: Optional[Callable[["Watcher"], None]] = None
    fonts: object = None
    typesetters: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)          # prepared image bytes, kept between rebuilds
    builds: int = 0
    last_seconds: float = 0.0
    last_report: Optional[CheckReport] = None
    last_error: Optional[str] = None
    _depends: list[str] = field(default_factory=list)
    _seen: dict = field(default_factory=dict)

    # -- what to watch ---------------------------------------------------------------
    def watched_files(self) -> list[str]:
        """The issue, then whatever the last successful parse said it uses."""
        return [self.issue] + [p for p in self._depends if p != self.issue]

    def snapshot(self) -> dict:
        """path → (mtime_ns, size); a missing file is a state too (editors save by rename)."""
        out: dict[str, Optional[tuple[int, int]]] = {}
        for path in self.watched_files():
            try:
                st = os.stat(path)
                out[path] = (st.st_mtime_ns, st.st_size)
            except OSError:
                out[path] = None
        return out

    # -- one poll ---------------------------------------------------------------------
    def step(self) -> bool:
        """Rebuild if anything changed since the last step; True when a build ran."""
        now = self.snapshot()
        if now == self._seen:
            return False
        changed = sorted(p for p in now if now.get(p) != self._seen.get(p))
        if self._seen:
            print(say("watch_changed", self.options.lang, files=", ".join(map(_short, changed))), file=self.stream)
        self._seen = now        # taken before building: an edit made during the build triggers the next one
        self.rebuild()
        # Files the build just discovered (images, templates) start from their current state.
        after = self.snapshot()
        self._seen = {**after, **{p: v for p, v in now.items() if p in after}}
        return True

    def rebuild(self) -> None:
        from ..outputs import check_output, issue_inputs
        from ..pipeline import load_fonts, write_atomically
        t0 = time.perf_counter()
        try:
            self.fonts = self.fonts or load_fonts()
            result = layout(self.issue, self.fonts, self.typesetters)
            self._depends = dependencies(result.issue, result.pages, self.fonts)
            check_output(self.options.out, issue_inputs(result.issue, self.fonts))
            write_atomically(self._draw(result), self.options.out)
            if self.options.proof_dir:
                self._proofs(result, self.options.proof_dir)
        except TypesetError as e:
            self._failed(str(e))
        except Exception as e:          # noqa: BLE001 — a bug or a library's exception: say so, keep watching
            self._failed(say("watch_internal", self.options.lang, kind=type(e).__name__, detail=e))
        else:
            self.last_error = None
            self.last_seconds = time.perf_counter() - t0
            self.last_report = report_for(result, self.issue, self.last_seconds)
            self._print_report(self.last_report)
        self.builds += 1
        if self.on_build:
            self.on_build(self)

    def _failed(self, error: str) -> None:
        """Report a failed rebuild; the previous PDF stays, the next save is awaited."""
        self.last_error, self.last_report = error, None
        print(say("watch_failed", self.options.lang, time=_clock(), error=error), file=self.stream)
        (self.stream or sys.stdout).flush()

    def _draw(self, result) -> bytes:
        """The plain PDF with images kept prepared between rebuilds; other variants as `build` makes them."""
        from ..pipeline import BuildOptions, draw_issue
        if self.options.variant != "none":
            return draw_issue(result, self.fonts, BuildOptions(variant=self.options.variant))
        from ..draw.pdf import DrawOptions, draw_pdf
        meta = result.issue.meta
        used: set = set()
        pdf = draw_pdf(result.pages, self.fonts, DrawOptions(title=f"{meta.paper} {meta.date}", date=meta.date,
                                                             image_loader=self._image_loader(result.issue, used)))
        self.images = {k: v for k, v in self.images.items() if k in used}   # forget replaced images
        return pdf

    def _image_loader(self, issue, used: set) -> Callable:
        """Like photos.image_loader, but the CMYK conversion survives rebuilds
        (keyed by file, modification time, placed size and framing); records the keys it serves in `used`."""
        from ..photos import PreparedJPEG, resolve_image
        from ..photos.separate import prepare_image

        def load(src: str, w: float, h: float, focus=(0.5, 0.5), crop=(0.0, 0.0, 0.0, 0.0)):
            path = resolve_image(src, issue.base_dir, False, issue.source)
            key = (path, os.stat(path).st_mtime_ns, round(w, 2), round(h, 2), focus, crop)
            if key not in self.images:
                self.images[key] = prepare_image(path, w, h, focus=focus, crop=crop)[0]
            used.add(key)
            return PreparedJPEG(self.images[key])
        return load

    def _proofs(self, result, folder: str) -> None:
        from .proof import ProofOptions, write_proofs
        write_proofs(result, self.fonts, ProofOptions(folder, dpi=self.options.dpi,
                                                      overlay=True, lang=self.options.lang))

    def _print_report(self, report: CheckReport) -> None:
        lang = self.options.lang
        print(say("watch_built", lang, time=_clock(), out=self.options.out, seconds=self.last_seconds),
              file=self.stream)
        text = format_table(report, lang) if self.options.table else summary_line(report, lang)
        print(text, file=self.stream)
        for w in report.warnings:
            if not (self.options.table and w.code == "missing-glyph"):   # the table lists those
                print(w, file=self.stream)
        (self.stream or sys.stdout).flush()

    # -- the loop ---------------------------------------------------------------------
    def run(self, max_iterations: Optional[int] = None, sleep: Callable[[float], None] = time.sleep) -> int:
        """Poll until interrupted (or `max_iterations` polls, for tests and scripts)."""
        print(say("watch_start", self.options.lang, path=self.issue), file=self.stream)
        polls = 0
        try:
            while max_iterations is None or polls < max_iterations:
                self.step()
                polls += 1
                if max_iterations is None or polls < max_iterations:
                    sleep(self.options.interval)
        except KeyboardInterrupt:
            print(say("watch_stopped", self.options.lang), file=self.stream)
        return 0


def dependencies(issue, pages=None, fonts=None) -> list[str]:
    """Files a rebuild depends on — the list `paiban batch` records
    (typeset/inputs.py): the issue, images, every template of the `extends`
    chains, the CMYK profile and, once laid out, the fonts the pages use."""
    from ..inputs import issue_inputs
    return [f.path for f in issue_inputs(issue, pages, fonts)]


def _short(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path


def _clock() -> str:
    return time.strftime("%H:%M:%S")
