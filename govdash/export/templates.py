"""Upload templates: one XLSX per kind, built from ``govdash.domain.kinds`` so they never drift from the importer.

Sheet 数据 has the Chinese headers and one example row; sheet 填写说明 explains every column.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from govdash.domain.kinds import Column, Kind, get_kind

DATA_SHEET: Final = "数据"
GUIDE_SHEET: Final = "填写说明"
GUIDE_HEADERS: Final = ("列名", "是否必填", "类型", "说明", "可选值", "示例", "也可用的列名")
TEMPLATE_ROWS: Final = 1000  # rows the drop-down lists cover

TYPE_LABELS: Final[dict[str, str]] = {
    "str": "文本", "int": "整数", "float": "数值", "date": "日期,如 2025-03-05",
    "datetime": "日期时间,如 2025-03-05 10:21", "bool": "是 / 否", "enum": "从可选值中选填",
    "region": "区划代码(区县 6 位、街道 9 位数字)", "period": "期间,如 2025 或 2025Q4",
}
# Codes typed into these columns must stay text: Excel would turn 990101 into a number and 0012 into 12.
_TEXT_TYPES: Final = frozenset({"str", "region", "period", "enum"})
_REQUIRED_FILL: Final = PatternFill("solid", fgColor="DCE6F2")
_OPTIONAL_FILL: Final = PatternFill("solid", fgColor="F2F2F2")


def template_file_name(kind_key: str) -> str:
    """``政务服务好差评_导入模板.xlsx``: the kind's label without quotation marks."""
    label = get_kind(kind_key).label
    return "".join(ch for ch in label if ch not in "“”\"'") + "_导入模板.xlsx"


def build_template(kind_key: str) -> bytes:
    """Return the XLSX template of one upload kind.

    Raises:
        KeyError: unknown kind (Chinese message listing the known ones).
    """
    kind = get_kind(kind_key)
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = DATA_SHEET
    _fill_data_sheet(data, kind)
    _fill_guide_sheet(workbook.create_sheet(GUIDE_SHEET), kind)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_data_sheet(sheet: Worksheet, kind: Kind) -> None:
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.zh)
        header.font = Font(bold=column.required)
        header.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        example = sheet.cell(row=2, column=index, value=example_value(column))
        if column.type in _TEXT_TYPES:
            # A column style, not formatted empty cells: the sheet's used range stays header + example.
            sheet.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
        elif column.type == "datetime":
            example.number_format = "yyyy-mm-dd hh:mm"
        elif column.type == "date":
            example.number_format = "yyyy-mm-dd"
        sheet.column_dimensions[letter].width = max(12, min(40, 2 * len(column.zh) + 6))
        _add_drop_down(sheet, column, letter)
    sheet.freeze_panes = "A2"


def _add_drop_down(sheet: Worksheet, column: Column, letter: str) -> None:
    """Add a suggestion list for enumerations and 是/否; other values are still accepted (digits, aliases)."""
    words = choice_words(column)
    if not words:
        return
    listed = '"' + ",".join(words) + '"'
    if len(listed) > 255:  # Excel's limit for an inline list
        return
    validation = DataValidation(type="list", formula1=listed, allow_blank=True, showErrorMessage=False)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def _fill_guide_sheet(sheet: Worksheet, kind: Kind) -> None:
    sheet.append([f"{kind.label}:{kind.description}"])
    sheet.append(["第 1 行是表头,请保留;第 2 行是示例,可改写或删除。必填列为蓝色表头。CSV 文件也可以,表头相同。"])
    if kind.period_mode == "column":
        sheet.append(["文件中没有“期间”列时,请在上传页面选择期间。"])
    elif kind.period_mode == "derived":
        sheet.append(["期间(季度)和月份由时间列自动推出,无需填写。"])
    sheet.append([])
    sheet.append(list(GUIDE_HEADERS))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL
    for column in kind.columns:
        sheet.append([column.zh, "必填" if column.required else "选填", TYPE_LABELS[column.type],
                      column_notes(column), "、".join(choice_words(column)), column.example,
                      "、".join((column.key, *column.aliases))])
    for letter, width in zip("ABCDEFG", (16, 8, 26, 50, 36, 22, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def column_notes(column: Column) -> str:
    """Return the column's help text plus its limits, in Chinese."""
    notes = [column.help] if column.help else []
    if column.min is not None and column.max is not None:
        notes.append(f"取值 {_number(column.min)}–{_number(column.max)}")
    elif column.min is not None:
        notes.append(f"不小于 {_number(column.min)}")
    elif column.max is not None:
        notes.append(f"不大于 {_number(column.max)}")
    if column.max_length:
        notes.append(f"最多 {column.max_length} 个字符")
    return ";".join(notes)


def choice_words(column: Column) -> list[str]:
    """Return the words offered for an enumeration (the fullest word of each code) or a yes/no column."""
    if column.type == "bool":
        return ["是", "否"]
    if column.type != "enum" or not column.choices:
        return []
    return list(_word_per_code(column.choices).values())


def _word_per_code(choices: Mapping[str, Any]) -> dict[Any, str]:
    """Pick the longest word of each code (在线预约·表格下载 over 在线预约); ties keep the first."""
    words: dict[Any, str] = {}
    for word, code in choices.items():
        if len(word) > len(words.get(code, "")):
            words[code] = word
    return words


def example_value(column: Column) -> object:
    """Return the column's example as the cell should hold it: numbers as numbers, times as times, codes as text."""
    text = column.example
    if not text:
        return None
    if column.type == "int":
        return int(text)
    if column.type == "float":
        return float(text)
    if column.type == "date":
        return date.fromisoformat(text)
    if column.type == "datetime":
        return datetime.fromisoformat(text)
    return text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
