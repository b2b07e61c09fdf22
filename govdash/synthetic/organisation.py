"""Regions (the city and its districts) and each district's department roster."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.synthetic.departments import DEPARTMENT_TYPES
from govdash.synthetic.profiles import city_code_of, city_name_of
from govdash.synthetic.spec import STREAM_DEPARTMENTS, SampleSpec

# The 街道 and 乡镇 of two districts (9-digit 统计用区划代码: 001–099 街道, 100–199 镇, 200–399 乡), fictional like
# everything else. Their 便民服务中心 take a share of the district's on-site 好差评, so that the district's figures
# stay what they were and its 街道 can be compared and rolled up.
STREETS: dict[str, tuple[tuple[str, str], ...]] = {
    "990102": (("990102001", "江滨街道"), ("990102002", "临港街道"), ("990102003", "滨湖街道")),
    "990121": (("990121100", "梧桐镇"), ("990121200", "桐溪乡")),
}
# 同类组 of the districts: the old town, the newer districts around it, and the counties.
CENTRAL = frozenset({"990102", "990103", "990104", "990105"})


def peer_group_of(code: str, is_county: bool) -> str:
    """Return the 同类组 of a district: 中心城区, 郊区 or 县."""
    if is_county:
        return "县"
    return "中心城区" if code in CENTRAL else "郊区"


def regions_frame(districts: pd.DataFrame) -> pd.DataFrame:
    """Build the 区划 file: every city first, then its districts in code order, each followed by its 街道."""
    city_codes = sorted({city_code_of(code) for code in districts["code"]})
    cities = pd.DataFrame({"code": city_codes, "name": [city_name_of(c) for c in city_codes],
                           "level": "市", "parent_code": "", "peer_group": ""})
    towns = pd.DataFrame({
        "code": districts["code"], "name": districts["name"],
        "level": np.where(districts["is_county"], "县", "区"),
        "parent_code": [city_code_of(c) for c in districts["code"]],
        "peer_group": [peer_group_of(c, bool(k)) for c, k in zip(districts["code"], districts["is_county"],
                                                                  strict=True)],
    })
    known = set(districts["code"])
    streets = pd.DataFrame([(code, name, *(("街道", parent, "城区街道") if name.endswith("街道")
                                           else ("乡镇", parent, "乡镇")))
                            for parent, rows in STREETS.items() if parent in known for code, name in rows],
                           columns=["code", "name", "level", "parent_code", "peer_group"])
    return pd.concat([cities, pd.concat([towns, streets]).sort_values("code")], ignore_index=True)


def street_codes(region: pd.Series, channel: pd.Series, office: tuple[str, ...]) -> pd.Series:
    """Hand the on-site 好差评 of the districts with 街道 to their 便民服务中心 in turn.

    The district keeps every (n+1)-th on-site record and every online one. The records' order decides, not a
    random draw, so every other generated value stays as it was.
    """
    out = region.copy()
    on_site = channel.isin(list(office))
    for district, rows in STREETS.items():
        mine = on_site & (region == district)
        if not mine.any():
            continue
        choices = np.array([district, *(code for code, _name in rows)], dtype=object)
        turn = np.arange(int(mine.sum())) % len(choices)
        out[mine] = choices[turn]
    return out


def _has_department(where: str, is_county: bool, coin: float) -> bool:
    if where == "county":
        return is_county
    if where == "urban":
        return not is_county
    if where == "some":
        return coin < 0.5
    return True


def departments_frame(spec: SampleSpec, districts: pd.DataFrame) -> pd.DataFrame:
    """Each district's departments: region code, full name, and the index of its kind in ``DEPARTMENT_TYPES``.

    Columns: region_code, name, district (row in ``districts``), dept_type.
    """
    rng = spec.rng(STREAM_DEPARTMENTS)
    coins = rng.random((len(districts), len(DEPARTMENT_TYPES)))
    rows = []
    for d, (code, name, is_county) in enumerate(zip(districts["code"], districts["name"], districts["is_county"],
                                                    strict=True)):
        for t, kind in enumerate(DEPARTMENT_TYPES):
            if _has_department(kind.where, bool(is_county), coins[d, t]):
                rows.append((code, kind.name_in(str(name), bool(is_county)), d, t))
    frame = pd.DataFrame(rows, columns=["region_code", "name", "district", "dept_type"])
    return frame.sort_values(["region_code", "dept_type"], ignore_index=True)
