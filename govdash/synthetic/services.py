"""政务服务事项: one snapshot per quarter, with depth, visits, time limits and case volumes.

Case volumes are sized so that the 好差评 records drawn from them (a share of cases gets evaluated) reach the
wanted count, and so that 评价覆盖率 = evaluations / 办件量 comes out at each district's coverage.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from govdash.synthetic.departments import DEPARTMENT_TYPES, VISIT_REASONS
from govdash.synthetic.profiles import evaluation_coverage, lerp_level, season_factor
from govdash.synthetic.spec import STREAM_SERVICE_ITEMS, SampleSpec

_LEGAL_DAYS = np.array([1, 3, 5, 7, 10, 15, 20, 30, 45, 60])
_LEGAL_SHARES = np.array([0.06, 0.08, 0.12, 0.10, 0.16, 0.14, 0.18, 0.10, 0.03, 0.03])
_VARIANTS = ("（变更）", "（延续）", "（注销）", "（补办）")
_ADDED, _WITHDRAWN = 0.05, 0.02  # shares of items added after the first quarter / withdrawn before the last
_ANOMALY_QUARTERS = 2  # the deliberate data-quality slips show in the last two snapshots


def _items_per_district(spec: SampleSpec, districts: pd.DataFrame) -> np.ndarray:
    weight = 0.8 + 0.2 * districts["size"].to_numpy()
    share = weight / weight.sum() * spec.service_items
    counts = np.floor(share).astype(int)
    counts[np.argsort(-(share - counts), kind="stable")[: spec.service_items - counts.sum()]] += 1
    return counts


def _district_items(depts: pd.DataFrame, count: int, rng: np.random.Generator) -> list[tuple[str, str]]:
    """``count`` (department, item name) pairs of one district: its departments' items, then their variants."""
    base = [(dept, item) for dept, t in zip(depts["name"], depts["dept_type"], strict=True)
            for item in DEPARTMENT_TYPES[t].items]
    if count <= len(base):
        keep = np.sort(rng.choice(len(base), size=count, replace=False))
        return [base[i] for i in keep]
    variants = ((dept, item + suffix) for suffix in _VARIANTS for dept, item in base)
    numbered = ((dept, f"{item}（{n}）") for n in itertools.count(2) for dept, item in base)
    return base + list(itertools.islice(itertools.chain(variants, numbered), count - len(base)))


def service_item_master(spec: SampleSpec, districts: pd.DataFrame, depts: pd.DataFrame) -> pd.DataFrame:
    """Every service item with its fixed attributes and latent draws."""
    rng = spec.rng(STREAM_SERVICE_ITEMS, 1)
    counts = _items_per_district(spec, districts)
    rows = []
    for d, (code, count) in enumerate(zip(districts["code"], counts, strict=True)):
        pairs = _district_items(depts[depts["district"] == d], int(count), rng)
        rows += [(code, d, f"SX{code}-{i + 1:04d}", dept, name) for i, (dept, name) in enumerate(pairs)]
    frame = pd.DataFrame(rows, columns=["region_code", "district", "code", "department", "name"])
    n = len(frame)
    frame["legal_days"] = rng.choice(_LEGAL_DAYS, size=n, p=_LEGAL_SHARES)
    for latent in ("u_depth", "u_visit", "u_mobile", "u_instant", "u_compress", "u_reason"):
        frame[latent] = rng.random(n)
    frame["popularity"] = rng.lognormal(0.0, 1.3, n)
    life, when = rng.random(n), rng.random(n)
    last = spec.n_periods - 1
    frame["start_q"] = np.where((life < _ADDED) & (last > 0), 1 + np.floor(when * last), 0).astype(int)
    frame["end_q"] = np.where((life > 1 - _WITHDRAWN) & (last > 0), np.floor(when * last), last).astype(int)
    return frame


def _depth(lv: np.ndarray, u: np.ndarray) -> np.ndarray:
    full = lerp_level(lv, 0.30, 0.97)
    rest = 1.0 - full
    return np.select([u < full, u < full + 0.45 * rest, u < full + 0.85 * rest], [4, 3, 2], default=1)


def _snapshot_rows(spec: SampleSpec, items: pd.DataFrame, levels: np.ndarray) -> pd.DataFrame:
    q = np.arange(spec.n_periods)
    present = (q[None, :] >= items["start_q"].to_numpy()[:, None]) & (q[None, :] <= items["end_q"].to_numpy()[:, None])
    i, p = np.nonzero(present)
    rows = items.iloc[i].reset_index(drop=True)
    rows["q"] = p
    rows["level"] = levels[rows["district"].to_numpy(), p]
    return rows


def _attributes(rows: pd.DataFrame) -> pd.DataFrame:
    lv = rows["level"].to_numpy()
    depth = _depth(lv, rows["u_depth"].to_numpy())
    instant = rows["u_instant"].to_numpy() < lerp_level(lv, 0.12, 0.45)
    compression = np.clip(lerp_level(lv, 0.30, 0.78) + (rows["u_compress"].to_numpy() - 0.5) * 0.4, 0.0, 0.95)
    legal = rows["legal_days"].to_numpy()
    promised = np.where(instant, 0, np.clip(np.round(legal * (1 - compression)), 1, legal)).astype(int)
    u_visit = rows["u_visit"].to_numpy()
    visits = np.where(u_visit < lerp_level(lv, 0.10, 0.50), 0,
                      np.where(u_visit > 1 - lerp_level(lv, 0.35, 0.05), 2, 1))
    visits = np.where(depth == 4, 0, visits)
    reasons = np.array(VISIT_REASONS)[(rows["u_reason"].to_numpy() * len(VISIT_REASONS)).astype(int)]
    mobile = (depth >= 3) & (rows["u_mobile"].to_numpy() < lerp_level(lv, 0.35, 0.97))
    return pd.DataFrame({"online_depth": depth, "visits": visits, "visit_reason": np.where(visits > 0, reasons, ""),
                         "promised_days": promised, "instant": instant, "mobile": mobile})


def _volumes(spec: SampleSpec, rows: pd.DataFrame, depth: np.ndarray, districts: pd.DataFrame,
             levels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Cases per item and quarter, and how many of them were handled online."""
    growth = 1 + 0.03 * np.arange(spec.n_periods)
    weight = districts["size"].to_numpy()[:, None] * (season_factor(spec.periods) * growth)[None, :]
    base = spec.evaluations / float((weight * evaluation_coverage(levels)).sum())
    cell = rows["district"].to_numpy() * spec.n_periods + rows["q"].to_numpy()
    pop = rows["popularity"].to_numpy()
    cell_pop = np.bincount(cell, weights=pop, minlength=weight.size)
    expected = base * weight.ravel()[cell] * pop / cell_pop[cell]
    volume = rng.poisson(expected)
    lv = rows["level"].to_numpy()
    share = np.select([depth == 4, depth == 3, depth == 2], [lerp_level(lv, 0.55, 0.97), 0.3, 0.05], default=0.0)
    return volume, rng.binomial(volume, share)


def _plant_warnings(frame: pd.DataFrame, spec: SampleSpec, rng: np.random.Generator) -> None:
    """Let a few items slip in the last snapshots, as real lists do: each breaks one §4.2 consistency rule."""
    late = frame["q"] >= spec.n_periods - _ANOMALY_QUARTERS
    rules = (
        (frame["online_depth"] == 4, {"visits": 1, "visit_reason": "需现场核验原件"}),  # depth 4 yet a visit
        (frame["instant"] & (frame["legal_days"] > 1), {"promised_days": 1}),  # 即办件 with a promised day
        (frame["visits"] > 0, {"visit_reason": ""}),  # a visit without a reason
    )
    for mask, change in rules:
        codes = frame.loc[mask & late, "code"].drop_duplicates().to_numpy()
        chosen = rng.choice(codes, size=min(2, len(codes)), replace=False) if len(codes) else codes
        hit = (late & mask & frame["code"].isin(chosen)).to_numpy()
        for column, value in change.items():
            frame[column] = frame[column].mask(hit, value)


def service_item_snapshots(spec: SampleSpec, items: pd.DataFrame, districts: pd.DataFrame,
                           levels: np.ndarray) -> pd.DataFrame:
    """Build the service-item file: every item in each quarter, with that quarter's attributes and volumes."""
    rng = spec.rng(STREAM_SERVICE_ITEMS, 2)
    rows = _snapshot_rows(spec, items, levels)
    attrs = _attributes(rows)
    volume, online = _volumes(spec, rows, attrs["online_depth"].to_numpy(), districts, levels, rng)
    frame = pd.DataFrame({"period": np.array(spec.periods)[rows["q"].to_numpy()]})
    for col in ("code", "name", "department", "region_code", "legal_days", "district", "q"):
        frame[col] = rows[col].to_numpy()
    frame = pd.concat([frame, attrs], axis=1)
    frame["volume"], frame["online_volume"] = volume, online
    _plant_warnings(frame, spec, rng)
    return frame.sort_values(["period", "code"], ignore_index=True)
