"""Problems found while reading a workbook, and their bilingual report."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
REPORT_LIMIT = 200


class CellError(ValueError):
    """A cell value that cannot be read; carries the reason in Chinese and English."""

    def __init__(self, reason_zh: str, reason_en: str) -> None:
        """Keep both reasons; the English one doubles as the exception text."""
        super().__init__(reason_en)
        self.reason_zh = reason_zh
        self.reason_en = reason_en


class UnknownValue(CellError):
    """A typed cell whose spelling no vocabulary knows: kept as written, reported as a warning.

    `kept` is what is stored (the text as written, or a list with the known items read).
    """

    def __init__(self, kept: object, reason_zh: str, reason_en: str) -> None:
        """Keep the value to store alongside both reasons."""
        super().__init__(reason_zh, reason_en)
        self.kept = kept


@dataclass(frozen=True)
class ImportIssue:
    """One problem: where it is (sheet, 1-based Excel row, header as written), the value, why."""

    sheet: str
    row: int | None
    column: str
    value: str
    reason_zh: str
    reason_en: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        """True when this issue blocks the import (warnings do not)."""
        return self.severity == ERROR

    @property
    def message_zh(self) -> str:
        """The issue as one Chinese sentence: where, the value, and what to do."""
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(self.column)
        head = " ".join(where)
        if self.value != "":
            head += f" 为“{self.value}”"
        return f"{head}：{self.reason_zh}" if head else self.reason_zh

    @property
    def message_en(self) -> str:
        """The issue as one English sentence."""
        where = [f"sheet {self.sheet}"] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        head = ", ".join(where)
        if self.value != "":
            head += f' = "{self.value}"'
        return f"{head}: {self.reason_en}" if head else self.reason_en


def show_value(value: object) -> str:
    """A cell value as short text for a report (long text is cut)."""
    if value is None:
        return ""
    text = str(value).strip()
    return text if len(text) <= 60 else text[:57] + "..."


def storing_failed(exc: Exception, nothing_zh: str) -> ImportIssue:
    """The issue when the database refuses an import; `nothing_zh` names what was not stored."""
    return ImportIssue("", None, "", "", f"保存到数据库失败，未导入任何{nothing_zh}",
                       f"storing in the database failed, nothing was imported: "
                       f"{type(exc).__name__}")


def has_errors(issues: list[ImportIssue]) -> bool:
    """True when any issue blocks the import."""
    return any(issue.is_error for issue in issues)


def format_issues(issues: list[ImportIssue], limit: int = REPORT_LIMIT) -> str:
    """A plain-text report of the issues, errors first, cut after `limit` lines."""
    ordered = sorted(issues, key=lambda issue: not issue.is_error)
    errors = sum(issue.is_error for issue in issues)
    lines = [
        f"{errors} 个错误，{len(issues) - errors} 个警告"
        f" / {errors} error(s), {len(issues) - errors} warning(s)"
    ]
    for issue in ordered[:limit]:
        tag = "错误" if issue.is_error else "警告"
        lines.append(f"[{tag}] {issue.message_zh} / {issue.message_en}")
    if len(ordered) > limit:
        more = len(ordered) - limit
        lines.append(f"……另有 {more} 条未列出 / ... and {more} more not shown")
    return "\n".join(lines)
