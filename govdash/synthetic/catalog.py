"""政务数据资源目录: one snapshot per quarter, growing over time, and the 数据责任清单 beside it.

Each entry draws fixed latent numbers once; a quarter's share type, open type and freshness come from comparing
them with thresholds read off the district's level in that quarter. Levels never fall, so catalogs only grow and
an entry only moves towards sharing and openness, as real catalogs do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.domain import vocab
from govdash.synthetic.departments import DEPARTMENT_TYPES, RESOURCE_FORMS, RESPONSIBLE_ROLES
from govdash.synthetic.profiles import lerp_level, stratified_uniform
from govdash.synthetic.spec import STREAM_CATALOG, STREAM_RESPONSIBILITIES, SampleSpec
from govdash.synthetic.texts import NEGATIVE_LIST_GROUNDS

_CYCLES = ("实时", "每日", "每周", "每月", "每季度", "每半年", "每年", "不定期")
_CYCLE_SHARES = (0.05, 0.15, 0.08, 0.30, 0.20, 0.05, 0.12, 0.05)
_GROUND_BY_DOMAIN = {"卫生健康": 4, "教育文化": 5, "经济发展": 3}
_FIRST_QUARTER_SHARE = 0.55  # of a cataloguing department's final entries, those listed in the first quarter


def _entries_per_department(spec: SampleSpec, depts: pd.DataFrame, levels: np.ndarray,
                            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Return the quarter each department starts cataloguing (n_periods: never) and its final entry count."""
    district = depts["district"].to_numpy()
    coverage = lerp_level(levels, 0.60, 1.0)[district]
    started = stratified_uniform(district, rng)[:, None] < coverage
    first = np.where(started.any(axis=1), started.argmax(axis=1), spec.n_periods)
    n_resources = np.array([len(DEPARTMENT_TYPES[t].resources) for t in depts["dept_type"]])
    keen = lerp_level(levels[district, -1], 0.7, 1.3)
    weight = n_resources * keen * rng.lognormal(0.0, 0.35, len(depts)) * (first < spec.n_periods)
    share = weight / weight.sum() * spec.catalog_entries
    counts = np.floor(share).astype(int)
    remainder = spec.catalog_entries - counts.sum()
    counts[np.argsort(-(share - counts), kind="stable")[:remainder]] += 1
    return first, counts


def _entry_names(dept_type: int, count: int) -> list[str]:
    resources = DEPARTMENT_TYPES[dept_type].resources
    names = []
    for i in range(count):
        cycle, r = divmod(i, len(resources))
        form, repeat = cycle % len(RESOURCE_FORMS), cycle // len(RESOURCE_FORMS)
        names.append(resources[r] + RESOURCE_FORMS[form] + (f"（{repeat + 1}）" if repeat else ""))
    return names


def catalog_entries(spec: SampleSpec, depts: pd.DataFrame, levels: np.ndarray) -> pd.DataFrame:
    """Return the fixed attributes of every entry that appears in some snapshot, with its latent draws."""
    rng = spec.rng(STREAM_CATALOG, 1)
    first, counts = _entries_per_department(spec, depts, levels, rng)
    owner = np.repeat(np.arange(len(depts)), counts)
    frame = depts.iloc[owner][["region_code", "name", "district", "dept_type"]].reset_index(drop=True)
    frame = frame.rename(columns={"name": "department"})
    frame["dept_first"] = first[owner]
    frame["name"] = [n for t, c in zip(depts["dept_type"], counts, strict=True) for n in _entry_names(t, c)]
    frame["code"] = frame["region_code"] + "-" + (frame.groupby("region_code").cumcount() + 1).map("{:04d}".format)
    frame["domain"] = [DEPARTMENT_TYPES[t].domain for t in frame["dept_type"]]
    n = len(frame)
    frame["update_cycle"] = rng.choice(np.array(_CYCLES), size=n, p=_CYCLE_SHARES)
    frame["field_count"] = np.clip(np.round(rng.lognormal(2.6, 0.55, n)), 3, 120).astype(int)
    frame["record_base"] = rng.lognormal(8.5, 1.9, n)
    frame["popularity"] = rng.pareto(1.15, n) + 0.05
    frame["grounds"] = [_GROUND_BY_DOMAIN.get(d, g) for d, g in zip(frame["domain"], rng.integers(0, 3, n),
                                                                     strict=True)]
    frame["u_listed"], frame["u_share"], frame["u_open"] = rng.random(n), rng.random(n), rng.random(n)
    return frame


def _share_and_open(lv: np.ndarray, u_share: np.ndarray, u_open: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    none_share = u_share < lerp_level(lv, 0.30, 0.04)
    unconditional = u_share > 1.0 - lerp_level(lv, 0.22, 0.66)
    share = np.where(none_share, "不予共享", np.where(unconditional, "无条件共享", "有条件共享"))
    open_share = lerp_level(lv, 0.08, 0.50)
    opened = (u_open < open_share) & ~none_share
    open_type = np.where(opened & (u_open < 0.4 * open_share), "无条件开放",
                         np.where(opened, "有条件开放", "不予开放"))
    return share, open_type


def _last_updated(cycles: np.ndarray, timely: np.ndarray, period_end: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    max_days = np.array([vocab.UPDATE_CYCLE_MAX_DAYS.get(vocab.UPDATE_CYCLES[c], 400) for c in cycles])
    u = rng.random(len(cycles))
    fresh_gap = np.floor(u * max_days)
    stale_gap = max_days + 1 + np.floor(u * np.maximum(max_days, 30) * 2)
    gap = np.where(timely, fresh_gap, stale_gap).astype(int)
    return period_end - gap.astype("timedelta64[D]")


def catalog_snapshots(spec: SampleSpec, entries: pd.DataFrame, levels: np.ndarray) -> pd.DataFrame:
    """Build the catalog file: every entry listed in each quarter, with that quarter's attributes."""
    rng = spec.rng(STREAM_CATALOG, 2)
    q = np.arange(spec.n_periods)
    # Share of each department's final entries listed by quarter q: all of them by the last quarter.
    progress = q / (spec.n_periods - 1) if spec.n_periods > 1 else np.ones(1)
    growth = _FIRST_QUARTER_SHARE + (1 - _FIRST_QUARTER_SHARE) * progress
    listed = (q[None, :] >= entries["dept_first"].to_numpy()[:, None]) & (
        entries["u_listed"].to_numpy()[:, None] < growth[None, :])
    e, p = np.nonzero(listed)
    rows = entries.iloc[e].reset_index(drop=True)
    lv = levels[rows["district"].to_numpy(), p]
    share, open_type = _share_and_open(lv, rows["u_share"].to_numpy(), rows["u_open"].to_numpy())
    timely = rng.random(len(rows)) < lerp_level(lv, 0.50, 0.97)
    last = _last_updated(rows["update_cycle"].to_numpy(), timely, spec.period_ends()[p], rng)
    out = pd.DataFrame({"period": np.array(spec.periods)[p]})
    for col in ("code", "name", "department", "region_code", "domain", "update_cycle", "field_count", "district"):
        out[col] = rows[col].to_numpy()
    out["share_type"], out["open_type"], out["last_updated"] = share, open_type, last
    out["record_count"] = np.round(rows["record_base"].to_numpy() * (1 + 0.04 * p)).astype(np.int64)
    out["call_count"] = _call_counts(out, rows["popularity"].to_numpy(), lv, rng)
    out["on_negative_list"] = share == "不予共享"
    grounds = np.array(NEGATIVE_LIST_GROUNDS)[rows["grounds"].to_numpy()]
    out["negative_reason"] = np.where(out["on_negative_list"], grounds, "")
    return out.sort_values(["period", "code"], ignore_index=True)


def _call_counts(rows: pd.DataFrame, popularity: np.ndarray, lv: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """Draw calls in the quarter: heavy-tailed across entries, summing to a district total rising with level."""
    weight = popularity * np.where(rows["share_type"] == "不予共享", 0.0,
                                   np.where(rows["share_type"] == "有条件共享", 0.6, 1.0))
    cell = (rows["region_code"] + rows["period"]).to_numpy()
    total = pd.Series(weight).groupby(cell).transform("sum").to_numpy()
    target = 10 ** lerp_level(lv, 4.0, 6.6)
    expected = np.divide(weight * target, total, out=np.zeros_like(weight), where=total > 0)
    return np.round(expected * rng.gamma(8.0, 1 / 8.0, len(rows))).astype(np.int64)


def responsibilities(spec: SampleSpec, entries: pd.DataFrame, levels: np.ndarray) -> pd.DataFrame:
    """Build the 数据责任清单: the department and post answering for each entry (weaker districts leave gaps)."""
    rng = spec.rng(STREAM_RESPONSIBILITIES)
    complete = lerp_level(levels[entries["district"].to_numpy(), -1], 0.80, 1.0)
    keep = rng.random(len(entries)) < complete
    roles = np.array(RESPONSIBLE_ROLES)[rng.integers(0, len(RESPONSIBLE_ROLES), len(entries))]
    frame = pd.DataFrame({"region_code": entries["region_code"], "catalog_code": entries["code"],
                          "department": entries["department"], "role": roles})
    return frame[keep].sort_values("catalog_code", ignore_index=True)
