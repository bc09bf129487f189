"""Preflight results: named checks with a status → readable table or JSON."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Optional

STATUSES = ("pass", "warn", "fail")


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

    def by_name(self, name: str) -> list[Check]:
        return [c for c in self.checks if c.name == name]

    def status_of(self, name: str) -> str:
        """Worst status among the checks called name ('pass' when none ran)."""
        found = [c.status for c in self.by_name(name)]
        return max(found, key=STATUSES.index) if found else "pass"

    def counts(self) -> dict[str, int]:
        return {s: sum(c.status == s for c in self.checks) for s in STATUSES}

    def to_text(self) -> str:
        width = max((len(c.name) for c in self.checks), default=10)
        lines = [f"preflight {self.path} (as {self.variant})"]
        for c in self.checks:
            where = f"p{c.page}" if c.page else "  "
            lines.append(f"  {c.status.upper():4}  {c.name:<{width}}  {where:>4}  {c.message}")
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
