"""Region codes by level: what a code of each level looks like and which parent it may have.

省, 市 and 区县 carry the 6-digit GB/T 2260 code (440000, 440100, 440106); a 街道/乡镇 the 9-digit township code
of the 统计用区划代码, whose first 6 digits are its county (440106001); a 社区/村 the full 12-digit code, whose
first 9 digits are its township (440106001001). Levels are stored as the codes of ``govdash.domain.vocab``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from govdash.domain.vocab import REGION_LEVEL_LABELS

PROVINCE, CITY, DISTRICT, STREET, COMMUNITY = "province", "city", "district", "street", "community"
LEVELS: Final = (PROVINCE, CITY, DISTRICT, STREET, COMMUNITY)  # top down
CODE_LENGTH: Final = {PROVINCE: 6, CITY: 6, DISTRICT: 6, STREET: 9, COMMUNITY: 12}
# The levels a region's parent may have: a 区县 of a 直辖市 hangs directly under the 省-level city.
PARENT_LEVELS: Final = {CITY: (PROVINCE,), DISTRICT: (CITY, PROVINCE), STREET: (DISTRICT,), COMMUNITY: (STREET,)}
_LENGTH_LEVEL: Final = {9: STREET, 12: COMMUNITY}


def level_of_code(code: str) -> str:
    """Return the level a code's length implies: 街道 for 9 digits, 社区/村 for 12, otherwise 区县."""
    return _LENGTH_LEVEL.get(len(code), DISTRICT)


def unit_of_codes(codes: Iterable[str]) -> str:
    """Return what the regions of ``codes`` are called together: 街道 when all are 街道, and so on; else 区县."""
    levels = {level_of_code(str(code)) for code in codes}
    return REGION_LEVEL_LABELS[levels.pop()] if len(levels) == 1 else REGION_LEVEL_LABELS[DISTRICT]


def code_problem(code: str, level: str) -> str | None:
    """Return why ``code`` cannot be a region of ``level`` (in Chinese), or None when it can."""
    label = REGION_LEVEL_LABELS.get(level, level)
    length = CODE_LENGTH.get(level)
    if length is not None and len(code) != length:
        return f"{label}的区划代码应为 {length} 位数字,“{code}”是 {len(code)} 位"
    if level == PROVINCE and not code.endswith("0000"):
        return "省级区划代码的后 4 位应为 0000"
    if level == CITY and (not code.endswith("00") or code.endswith("0000")):
        return "市级区划代码的后 2 位应为 00(后 4 位不能全为 0)"
    if level == DISTRICT and code.endswith("00"):
        return "区县的区划代码后 2 位不能为 00(那是市级或省级的代码)"
    return None


def prefix_of_parent(code: str, parent_level: str) -> str:
    """Return the part of ``code`` that must equal its parent's code (of ``parent_level``) at the same place."""
    if parent_level == PROVINCE:
        return code[:2]
    if parent_level == CITY:
        return code[:4]
    return code[:CODE_LENGTH[parent_level]]


def parent_problem(code: str, level: str, parent_code: str, parent_level: str) -> str | None:
    """Return why ``parent_code`` (of ``parent_level``) cannot be the parent of ``code``, or None."""
    allowed = PARENT_LEVELS.get(level, ())
    if parent_level not in allowed:
        label = REGION_LEVEL_LABELS.get(level, level)
        wanted = "或".join(REGION_LEVEL_LABELS[p] for p in allowed) or "无"
        found = REGION_LEVEL_LABELS.get(parent_level, parent_level)
        return f"{label}的上级应为{wanted},上级代码“{parent_code}”是{found}"
    own = prefix_of_parent(code, parent_level)
    if own != prefix_of_parent(parent_code, parent_level):
        return f"区划代码“{code}”的前 {len(own)} 位应与上级代码“{parent_code}”一致"
    return None
