"""Load framework files and say precisely what is wrong with a bad one."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from govdash.core.config import get_settings
from govdash.frameworks.bands import BandClass
from govdash.frameworks.locate import key_lines, line_of, toml_error_message
from govdash.frameworks.method import Imputation, Method, Screening, Treatment
from govdash.frameworks.rules import Adjustment
from govdash.frameworks.schema import Band, Dimension, Framework, FrameworkMeta, Indicator, WeakSpot

# Every key a framework file may use, for "did you mean" hints on a typo.
_KNOWN_KEYS = sorted({key for model in (Framework, FrameworkMeta, Band, BandClass, WeakSpot, Dimension, Indicator,
                                        Adjustment, Method, Screening, Imputation, Treatment)
                      for key in model.model_fields})


class FrameworkError(ValueError):
    """A framework file that cannot be used, with the file and key at fault."""


def _location(loc: tuple, data: dict) -> str:
    """Turn a pydantic error location into a readable key path, naming dimensions and indicators by code."""
    parts: list[str] = []
    node: object = data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            code = node.get("code") if isinstance(node, dict) else None
            parts[-1] = f"{parts[-1]}[{code or step}]" if parts else f"[{step}]"
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "(文件)"


def load_framework(path: str | Path) -> Framework:
    """Read and validate one framework file, or raise ``FrameworkError`` naming the file and key."""
    path = Path(path)
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{path.name}: TOML 格式错误,{toml_error_message(exc)}") from None
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        lines = key_lines(text)
        messages = [f"{path.name}: {_location(err['loc'], data)}: {_message(err)}{_line_note(lines, err['loc'])}"
                    for err in _relevant(exc.errors())]
        raise FrameworkError("\n".join(messages)) from None


def _read(path: Path) -> str:
    """Read a framework file, or raise a ``FrameworkError`` saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(f"{path.name}: 文件不存在") from None
    except UnicodeDecodeError:
        raise FrameworkError(f"{path.name}: 文件须为 UTF-8 编码") from None
    except IsADirectoryError:
        raise FrameworkError(f"{path.name}: 这是一个文件夹,不是框架文件") from None
    except OSError as exc:
        raise FrameworkError(f"{path.name}: 无法读取文件({exc.strerror or exc})") from None


def _line_note(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> str:
    line = line_of(lines, loc)
    return f"(第 {line} 行)" if line else ""


def _relevant(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop pydantic's echo of an item error as "too short" on a list that does have enough items."""
    def echo(err: ErrorDetails) -> bool:
        wanted = (err.get("ctx") or {}).get("min_length", 0)
        return err["type"] == "too_short" and isinstance(err["input"], list) and len(err["input"]) >= wanted
    return [err for err in errors if not echo(err)]


def _message(err: ErrorDetails) -> str:
    """Say in Chinese what is wrong, for the errors a hand-edited file typically has."""
    ctx = err.get("ctx") or {}
    if ctx.get("error") is not None:
        return str(ctx["error"])
    kind = err["type"]
    if kind == "missing":
        return "缺少必填项"
    if kind == "extra_forbidden":
        key = str(err["loc"][-1]) if err["loc"] else ""
        close = difflib.get_close_matches(key, _KNOWN_KEYS, n=1, cutoff=0.6)
        hint = f",是否应为“{close[0]}”?" if close else "(拼写错误?)"
        return f"无法识别的键{hint}"
    templates = {
        "greater_than_equal": "不能小于 {ge}",
        "less_than_equal": "不能大于 {le}",
        "literal_error": "取值须为 {expected}",
        "string_pattern_mismatch": "只能使用小写字母、数字和下划线,且以字母开头",
        "too_short": "至少需要 {min_length} 项",
        "too_long": "最多只能有 {max_length} 项",
        "greater_than": "必须大于 {gt}",
        "less_than": "必须小于 {lt}",
    }
    if kind in templates:
        return templates[kind].format(**ctx)
    if kind.endswith(("_parsing", "_type")):
        return f"类型不对:{err['input']!r}"
    return err["msg"]


def list_frameworks(directory: str | Path | None = None) -> dict[str, Framework]:
    """Load every ``*.toml`` in the frameworks folder, keyed by framework code, in display order.

    Raises ``FrameworkError`` if any file is bad: use ``scan_frameworks`` to get the good ones and the errors.
    """
    directory = Path(directory or get_settings().frameworks_dir)
    loaded = [load_framework(p) for p in sorted(directory.glob("*.toml"))]
    codes = [f.code for f in loaded]
    if len(set(codes)) != len(codes):
        raise FrameworkError(f"{directory}: 多个框架文件使用了相同的 code:{codes}")
    loaded.sort(key=lambda f: (f.framework.order, f.code))
    return {f.code: f for f in loaded}


def reported_indicators(frameworks: dict[str, Framework] | None = None) -> dict[str, Indicator]:
    """Every indicator a district reports, by code, across all frameworks (the first definition wins)."""
    frameworks = frameworks if frameworks is not None else list_frameworks()
    found: dict[str, Indicator] = {}
    for framework in frameworks.values():
        for _dim, indicator in framework.indicators:
            if indicator.is_reported:
                found.setdefault(indicator.code, indicator)
    return found


def scan_frameworks(directory: str | Path | None = None) -> tuple[dict[str, Framework], list[str]]:
    """Load the usable framework files of a folder and collect the errors of the others.

    Returns:
        The frameworks keyed by code in display order, and one Chinese message per file that could not be used
        (a later file reusing an earlier file's code is one of them).
    """
    directory = Path(directory or get_settings().frameworks_dir)
    found: list[Framework] = []
    errors: list[str] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            framework = load_framework(path)
        except FrameworkError as exc:
            errors.append(str(exc))
            continue
        if any(f.code == framework.code for f in found):
            errors.append(f"{path.name}: framework.code: 与另一个框架文件的 code “{framework.code}” 重复")
            continue
        found.append(framework)
    found.sort(key=lambda f: (f.framework.order, f.code))
    return {f.code: f for f in found}, errors


def resolve_framework(spec: str, directory: str | Path | None = None) -> Framework:
    """Find a framework by its code in the frameworks folder, or load it from a file path.

    Args:
        spec: a framework code such as ``digital_gov``, or the path of a ``.toml`` file anywhere.
        directory: the frameworks folder (default: the configured one).

    Raises:
        FrameworkError: the file is bad, or no framework has this code (the message lists the known codes).
    """
    path = Path(spec).expanduser()
    if spec.endswith(".toml") or path.is_file():
        return load_framework(path)
    frameworks, errors = scan_frameworks(directory)
    if spec in frameworks:
        return frameworks[spec]
    known = "、".join(frameworks) or "(无)"
    detail = "".join(f"\n{e}" for e in errors)
    raise FrameworkError(f"未找到评估框架“{spec}”,可选:{known};也可给出 .toml 文件路径{detail}")
