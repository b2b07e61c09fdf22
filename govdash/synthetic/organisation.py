"""Regions (the city and its districts) and each district's department roster."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.synthetic.departments import DEPARTMENT_TYPES
from govdash.synthetic.profiles import city_code_of, city_name_of
from govdash.synthetic.spec import STREAM_DEPARTMENTS, SampleSpec


def regions_frame(districts: pd.DataFrame) -> pd.DataFrame:
    """Build the 区划 file: every city first, then its districts, in code order."""
    city_codes = sorted({city_code_of(code) for code in districts["code"]})
    cities = pd.DataFrame({"code": city_codes, "name": [city_name_of(c) for c in city_codes],
                           "level": "市", "parent_code": ""})
    towns = pd.DataFrame({
        "code": districts["code"], "name": districts["name"],
        "level": np.where(districts["is_county"], "县", "区"),
        "parent_code": [city_code_of(c) for c in districts["code"]],
    }).sort_values("code")
    return pd.concat([cities, towns], ignore_index=True)


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
