"""The validation report: what is wrong with an upload, row by row, in Chinese."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Level = Literal["error", "warning"]
LEVEL_LABELS = {"error": "错误", "warning": "警告"}
DEFAULT_CAP = 1000


@dataclass(frozen=True)
class Issue:
    """One problem, located as the user sees it in Excel: header = row 1, first data row = row 2."""

    row: int | None
    column: str | None
    value: str | None
    message: str


class FileRejected(Exception):
    """The file cannot be read at all (empty, too big, corrupt, wrong encoding...): one issue says why."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None,
                 value: str | None = None) -> None:
        super().__init__(message)
        self.issue = Issue(row=row, column=column, value=value, message=message)


@dataclass(frozen=True)
class ReportPart:
    """The issues a report gained over a stretch of work (one chunk), to be merged into another report."""

    errors: list[Issue]
    warnings: list[Issue]
    error_count: int
    warning_count: int


def issue_of(exc: Exception) -> Issue:
    """Turn a refusal (or a ``ValueError``/``KeyError`` with a Chinese message) into an issue."""
    if isinstance(exc, FileRejected):
        return exc.issue
    return Issue(None, None, None, str(exc.args[0]) if exc.args else str(exc))


@dataclass
class ValidationReport:
    """Errors and warnings of one upload. Stores the first ``cap`` of each but counts all of them."""

    cap: int = DEFAULT_CAP
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return self.error_count == 0

    def error(self, message: str, *, row: int | None = None, column: str | None = None,
              value: object = None) -> None:
        """Record one error."""
        self._add("error", Issue(row, column, _text(value), message))

    def warning(self, message: str, *, row: int | None = None, column: str | None = None,
                value: object = None) -> None:
        """Record one warning."""
        self._add("warning", Issue(row, column, _text(value), message))

    def add_rows(self, level: Level, message: str, rows: Sequence[int], *, column: str | None = None,
                 values: Sequence[object] | None = None, total: int | None = None) -> None:
        """Record the same problem for many rows; only as many as the cap allows are stored.

        ``total`` is the number of rows affected when ``rows`` lists only the first of them.
        """
        count = len(rows) if total is None else total
        if not count:
            return
        stored = self.errors if level == "error" else self.warnings
        room = max(self.cap - len(stored), 0)
        for i in range(min(room, len(rows))):
            value = values[i] if values is not None else None
            stored.append(Issue(int(rows[i]), column, _text(value), message))
        if level == "error":
            self.error_count += count
        else:
            self.warning_count += count

    def extend(self, issues: Iterable[Issue], level: Level) -> None:
        """Record ready-made issues."""
        for issue in issues:
            self._add(level, issue)

    def mark(self) -> tuple[int, int, int, int]:
        """Where the report stands now, for ``part_since``."""
        return len(self.errors), len(self.warnings), self.error_count, self.warning_count

    def part_since(self, mark: tuple[int, int, int, int]) -> ReportPart:
        """Return the issues recorded after ``mark`` (those stored, and the counts of all)."""
        errors, warnings, error_count, warning_count = mark
        return ReportPart(self.errors[errors:], self.warnings[warnings:], self.error_count - error_count,
                          self.warning_count - warning_count)

    def merge(self, part: ReportPart) -> None:
        """Record the issues of another report's part, storing as many as the cap still allows."""
        self.errors.extend(part.errors[: max(self.cap - len(self.errors), 0)])
        self.warnings.extend(part.warnings[: max(self.cap - len(self.warnings), 0)])
        self.error_count += part.error_count
        self.warning_count += part.warning_count

    def _add(self, level: Level, issue: Issue) -> None:
        if level == "error":
            self.error_count += 1
            if len(self.errors) < self.cap:
                self.errors.append(issue)
        else:
            self.warning_count += 1
            if len(self.warnings) < self.cap:
                self.warnings.append(issue)

    def to_frame(self) -> pd.DataFrame:
        """All stored issues as a table with the columns 行号, 列, 值, 问题, 级别 (errors first)."""
        records = [
            {"行号": issue.row, "列": issue.column or "", "值": issue.value or "", "问题": issue.message,
             "级别": LEVEL_LABELS[level]}
            for level, issues in (("error", self.errors), ("warning", self.warnings))
            for issue in sorted(issues, key=lambda i: (i.row or 0))
        ]
        frame = pd.DataFrame(records, columns=["行号", "列", "值", "问题", "级别"])
        frame["行号"] = frame["行号"].astype("Int64")
        return frame

    def summary(self) -> str:
        """One Chinese sentence: how many errors and warnings, and whether only some are listed."""
        if not self.error_count and not self.warning_count:
            return "校验通过,未发现问题。"
        parts = []
        if self.error_count:
            parts.append(f"{self.error_count} 个错误")
        if self.warning_count:
            parts.append(f"{self.warning_count} 个警告")
        sentence = "发现 " + "、".join(parts)
        if self.error_count > len(self.errors) or self.warning_count > len(self.warnings):
            sentence += f"(每类仅列出前 {self.cap} 个)"
        if self.error_count:
            return sentence + ",数据未写入;请修改文件后重新上传。"
        return sentence + "。"


def _text(value: object) -> str | None:
    if value is None:
        return None
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        pass
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."
