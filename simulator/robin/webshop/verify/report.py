"""The outcome of `ccsim verify robin-webshop`: a PASS/FAIL/SKIP row per request, and a summary line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["PASS", "FAIL", "SKIP"]
PASS: Outcome = "PASS"
FAIL: Outcome = "FAIL"
SKIP: Outcome = "SKIP"


@dataclass
class CheckResult:
    """The outcome of one request against the webshop."""

    name: str
    outcome: Outcome
    request: str = "-"
    status: int | None = None
    reasons: list[str] = field(default_factory=list)

    def cells(self) -> tuple[str, str, str, str, str]:
        status = "-" if self.status is None else str(self.status)
        return self.outcome, self.name, self.request, status, "; ".join(self.reasons)


@dataclass
class Report:
    """All checks of one run, printable as a PASS/FAIL/SKIP table with a summary line."""

    base_url: str
    results: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(r.outcome == FAIL for r in self.results)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def summary(self) -> str:
        return f"{self.count(PASS)} passed, {self.count(FAIL)} failed, {self.count(SKIP)} skipped"

    def render(self) -> str:
        rows = [r.cells() for r in self.results]
        widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
        lines = []
        for *columns, reasons in rows:
            padded = [cell.ljust(width) for cell, width in zip(columns, widths, strict=True)]
            lines.append("  ".join([*padded, reasons]).rstrip())
        return "\n".join([*lines, self.summary()])
