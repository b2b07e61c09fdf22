"""Load framework files and say precisely what is wrong with a bad one."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from govdash.config import get_settings
from govdash.frameworks.schema import Framework, Indicator


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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(f"{path.name}: 文件不存在") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{path.name}: TOML 格式错误:{exc}") from None
    except UnicodeDecodeError:
        raise FrameworkError(f"{path.name}: 文件须为 UTF-8 编码") from None
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        lines = [f"{path.name}: {_location(err['loc'], data)}: {_message(err)}" for err in exc.errors()]
        raise FrameworkError("\n".join(lines)) from None


def _message(err: ErrorDetails) -> str:
    ctx_error = (err.get("ctx") or {}).get("error")
    if ctx_error is not None:
        return str(ctx_error)
    if err["type"] == "missing":
        return "缺少必填项"
    if err["type"] == "extra_forbidden":
        return "无法识别的键(拼写错误?)"
    return err["msg"]


def list_frameworks(directory: str | Path | None = None) -> dict[str, Framework]:
    """Load every ``*.toml`` in the frameworks folder, keyed by framework code, in display order."""
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
