"""Preflight results: named checks with a status → readable table or JSON."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Optional

STATUSES = ("pass", "warn", "fail")


def page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] → "1-3, 5"."""
    spans: list[list[int]] = []
    for p in pages:
        if spans and p == spans[-1][1] + 1:
            spans[-1][1] = p
        else:
            spans.append([p, p])
    return ", ".join(f"{a}-{b}" if b > a else f"{a}" for a, b in spans)


@dataclass(frozen=True)
class Check:
    """One finding.  page is 1-based, None for the whole document."""
    name: str
    status: str
    message: str
    page: Optional[int] = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"check status must be one of {STATUSES}, got {self.status!r}")


@dataclass
class PreflightReport:
    path: str
    variant: str                     # detected: "x1a", "x4", "none"
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    def add(self, name: str, status: str, message: str, page: Optional[int] = None) -> None:
        self.checks.append(Check(name, status, message, page))

    def add_grouped(self, name: str, findings, ok_message: str) -> None:
        """Add (page, status, text) findings once per status and text, naming their pages.

        A finding on one page keeps its page number; the same finding on several
        pages becomes one document-level line ("pages 1-26"), so long files stay readable.
        """
        found: dict[tuple[str, str], list[int]] = {}
        for page, status, text in findings:
            found.setdefault((status, text), []).append(page)
        for (status, text), pages in sorted(found.items(), key=lambda kv: (kv[1][0], kv[0])):
            distinct = sorted(set(pages))
            count = f" ×{len(pages)}" if len(pages) > 1 else ""
            if len(distinct) == 1:
                self.add(name, status, text + count, distinct[0])
            else:
                self.add(name, status, f"{text}{count} on pages {page_ranges(distinct)}")
        if not found:
            self.add(name, "pass", ok_message)

    def by_name(self, name: str) -> list[Check]:
        return [c for c in self.checks if c.name == name]

    def status_of(self, name: str) -> str:
        """Worst status among the checks called name ('pass' when none ran)."""
        found = [c.status for c in self.by_name(name)]
        return max(found, key=STATUSES.index) if found else "pass"

    def counts(self) -> dict[str, int]:
        return {s: sum(c.status == s for c in self.checks) for s in STATUSES}

    def check_lines(self, statuses: tuple[str, ...] = STATUSES) -> list[str]:
        """One aligned line per check whose status is in `statuses`."""
        width = max((len(c.name) for c in self.checks), default=10)
        lines = []
        for c in self.checks:
            if c.status in statuses:
                where = f"p{c.page}" if c.page else "  "
                lines.append(f"  {c.status.upper():4}  {c.name:<{width}}  {where:>4}  {c.message}")
        return lines

    def to_text(self) -> str:
        lines = [f"preflight {self.path} (as {self.variant})"] + self.check_lines()
        n = self.counts()
        verdict = "OK" if self.ok else "FAILED"
        lines.append(f"{verdict}: {n['pass']} pass, {n['warn']} warn, {n['fail']} fail "
                     f"({self.seconds:.2f} s)")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps({"path": self.path, "variant": self.variant, "ok": self.ok,
                           "counts": self.counts(), "seconds": round(self.seconds, 3),
                           "checks": [asdict(c) for c in self.checks]},
                          ensure_ascii=False, indent=1)
