"""Where in a framework file a problem is: TOML syntax errors in Chinese, and the line of a key.

``tomllib`` keeps no positions, so the line of a key is found by reading the table headers the way a hand-written
framework file lays them out (``[framework]``, ``[[dimensions]]``, ``[[dimensions.indicators]]``, ``key = value``).
A key written inside an inline table is not found; the message then names the key without a line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\s\"-]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")

# tomllib's messages (Python 3.11–3.13), in the words a person editing the file would use.
_TOML_MESSAGES = (
    (re.compile(r"Expected '\]\]' at the end of an array declaration"), "数组表头缺少结尾的“]]”"),
    (re.compile(r"Expected '\]' at the end of a table declaration"), "表头缺少结尾的“]”"),
    (re.compile(r"Expected '=' after a key in a key/value pair"), "键后面缺少“=”"),
    (re.compile(r"Cannot declare (.+) twice"), "重复声明了 {0}"),
    (re.compile(r"Cannot overwrite a value"), "同一个键赋值了两次"),
    (re.compile(r"Cannot (?:mutate immutable|redefine) namespace (.+)"), "不能再次定义 {0}"),
    (re.compile(r"Unterminated string"), "字符串缺少结尾的引号"),
    (re.compile(r"Unclosed array"), "数组缺少结尾的“]”"),
    (re.compile(r"Unclosed inline table"), "内联表缺少结尾的“}”"),
    (re.compile(r"Invalid value"), "无法识别的值(文字须加英文双引号)"),
    (re.compile(r"Invalid statement"), "无法识别的语句"),
    (re.compile(r"Invalid initial character for a key part"), "键名中有不允许的字符"),
    (re.compile(r"Found invalid character (.+)"), "出现了不允许的字符 {0}"),
    (re.compile(r"Illegal character (.+)"), "出现了不允许的字符 {0}"),
    (re.compile(r"Invalid date or datetime"), "无法识别的日期"),
)


def toml_error_message(error: Exception) -> str:
    """Say in Chinese what is wrong with a file ``tomllib`` cannot parse, with its line and column."""
    text = str(error)
    at = _AT.search(text)
    body = text[: at.start()] if at else text
    where = ""
    if at:
        where = f"第 {at.group(1)} 行第 {at.group(2)} 列:" if at.group(1) else "文件末尾:"
    for pattern, chinese in _TOML_MESSAGES:
        match = pattern.fullmatch(body.strip())
        if match:
            return f"{where}{chinese.format(*match.groups())}"
    return f"{where}{body}"


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Map every table and key of a framework file to its 1-based line.

    Paths follow pydantic's error locations: ``("dimensions", 2, "indicators", 0, "weight")``.
    """
    lines: dict[tuple[str | int, ...], int] = {}
    counts: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            is_array = header.group(1) == "[["
            table = _resolve(header.group(2), counts, is_array=is_array)
            lines.setdefault(table, number)
            if is_array:
                lines.setdefault(table[:-1], number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, key.group(1)), number)
    return lines


def _resolve(dotted: str, counts: dict[tuple[str | int, ...], int], *, is_array: bool) -> tuple[str | int, ...]:
    """Turn ``dimensions.indicators`` into the path of the table it opens, counting arrays of tables."""
    path: tuple[str | int, ...] = ()
    names = [part.strip().strip('"') for part in dotted.split(".")]
    for position, name in enumerate(names):
        path = (*path, name)
        last = position == len(names) - 1
        if last and is_array:
            counts[path] = counts.get(path, 0) + 1
            path = (*path, counts[path] - 1)
        elif not last and path in counts:
            path = (*path, counts[path] - 1)
    return path


def line_of(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> int | None:
    """Find the line of ``loc``, or of the nearest enclosing table when the key itself is not written (missing)."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
