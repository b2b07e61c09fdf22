"""The districts of 示例市 and the story they tell: who leads, who lags, who improves.

Each district has a *maturity level* per quarter, a number around 0.4 (weak) to 1.0 (excellent). Every
generated rate is drawn around a value read off that level, so that a district's records, survey answers and
reported sheets agree with one another and the dashboards tell one consistent story.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from govdash.synthetic.spec import STREAM_PROFILES, SampleSpec

CITY_CODE = "990100"
CITY_NAME = "示例市"

LEADER = "leader"
LAGGARD = "laggard"
IMPROVING = "improving"
WEAK_YUNXING = "weak_yunxing"
FEW_SURVEYS = "few_surveys"
MISSING_REPORTED = "missing_reported"


@dataclass(frozen=True)
class NamedDistrict:
    """A district of the story: code, name, relative size and its level at the first and last quarter."""

    code: str
    name: str
    size: float
    start: float
    end: float
    role: str = ""


# The districts with a part in the story come first, so that a small test sample still has every role.
# Codes 01–20 are 区 and 21–80 are 县, as in GB/T 2260; the 99 prefix is not assigned, so every code is fictional.
NAMED_DISTRICTS: tuple[NamedDistrict, ...] = (
    NamedDistrict("990102", "滨江区", 1.50, 0.89, 0.96, LEADER),
    NamedDistrict("990126", "雁山县", 0.60, 0.40, 0.45, LAGGARD),
    NamedDistrict("990104", "凤栖区", 1.10, 0.50, 0.89, IMPROVING),
    NamedDistrict("990106", "新港区", 1.20, 0.79, 0.83, WEAK_YUNXING),
    NamedDistrict("990125", "苇塘县", 0.55, 0.63, 0.68, FEW_SURVEYS),
    NamedDistrict("990124", "鹤鸣县", 0.70, 0.66, 0.72, MISSING_REPORTED),
    NamedDistrict("990103", "望湖区", 1.30, 0.81, 0.86),
    NamedDistrict("990105", "云岭区", 1.00, 0.72, 0.78),
    NamedDistrict("990107", "青峰区", 0.90, 0.69, 0.74),
    NamedDistrict("990108", "澄园区", 1.00, 0.75, 0.80),
    NamedDistrict("990109", "银滩区", 0.80, 0.63, 0.70),
    NamedDistrict("990121", "梧桐县", 0.75, 0.57, 0.66),
    NamedDistrict("990122", "杏林县", 0.70, 0.60, 0.64),
    NamedDistrict("990123", "岭北县", 0.65, 0.56, 0.63),
)

_NAME_HEADS = "东西南北金银青白云松柳梅兰竹桂枫龙凤鹤石"
_NAME_TAILS = "山河湖江原林阳城安宁平泉桥溪塘岭川港坪洲"
_PER_CITY = 98


def _generated_district(index: int, rng: np.random.Generator) -> NamedDistrict:
    """Make up a district beyond the named ones (large benchmark sets), in cities 990200, 990300, ..."""
    city, slot = divmod(index, _PER_CITY)
    if city + 2 > 99:
        raise ValueError(f"最多可生成 {len(NAMED_DISTRICTS) + 98 * _PER_CITY} 个区县")
    head = _NAME_HEADS[slot % len(_NAME_HEADS)]
    tail = _NAME_TAILS[(slot // len(_NAME_HEADS) + slot) % len(_NAME_TAILS)]
    suffix = "区" if slot % 3 else "县"
    start = float(rng.uniform(0.45, 0.88))
    return NamedDistrict(
        code=f"99{city + 2:02d}{slot + 1:02d}", name=f"{head}{tail}{suffix}", size=float(rng.uniform(0.5, 1.5)),
        start=start, end=min(0.97, start + float(rng.uniform(0.0, 0.09))),
    )


def city_code_of(district_code: str) -> str:
    """Return the code of the city a district belongs to."""
    return district_code[:4] + "00"


def city_name_of(city_code: str) -> str:
    """Name of a generated city: 示例市 for 990100, 示例2市 ... for the benchmark's further cities."""
    number = int(city_code[2:4])
    return CITY_NAME if number == 1 else f"示例{number}市"


def district_table(spec: SampleSpec) -> pd.DataFrame:
    """One row per district: code, name, size, role, start and end level, in story order (not code order)."""
    rng = spec.rng(STREAM_PROFILES)
    named = list(NAMED_DISTRICTS[: spec.n_districts])
    extra = [_generated_district(i, rng) for i in range(spec.n_districts - len(named))]
    frame = pd.DataFrame([d.__dict__ for d in named + extra])
    frame["is_county"] = frame["name"].str.endswith("县")
    return frame.reset_index(drop=True)


def level_matrix(districts: pd.DataFrame, n_periods: int) -> np.ndarray:
    """Maturity level of each district (rows) in each quarter (columns); never decreasing over time.

    The improving district follows an S-curve (slow start, fast middle); the others move linearly.
    """
    t = np.linspace(0.0, 1.0, n_periods) if n_periods > 1 else np.ones(1)
    start = districts["start"].to_numpy()[:, None]
    end = districts["end"].to_numpy()[:, None]
    linear = start + (end - start) * t[None, :]
    s_curve = 1.0 / (1.0 + np.exp(-9.0 * (t - 0.45)))
    s_curve = (s_curve - s_curve[0]) / (s_curve[-1] - s_curve[0]) if n_periods > 1 else s_curve
    improving = (districts["role"] == IMPROVING).to_numpy()[:, None]
    return np.where(improving, start + (end - start) * s_curve[None, :], linear)


def lerp_level(level: np.ndarray | float, at_low: float, at_high: float) -> np.ndarray:
    """Read a rate off the level: ``at_low`` at level 0.4 (or below), ``at_high`` at level 1.0 (clipped)."""
    x = np.clip((np.asarray(level, dtype=float) - 0.4) / 0.6, 0.0, 1.0)
    return at_low + (at_high - at_low) * x


def evaluation_coverage(levels: np.ndarray) -> np.ndarray:
    """Share of handled cases that get a 好差评 evaluation (主动评价率), by district and quarter."""
    return lerp_level(levels, 0.25, 0.80)


def season_factor(periods: tuple[str, ...]) -> np.ndarray:
    """Relative case volume of each quarter: the Spring Festival quarter is quieter, the year-end one busier."""
    by_quarter = {"1": 0.85, "2": 1.0, "3": 1.05, "4": 1.1}
    return np.array([by_quarter.get(p[-1], 1.0) for p in periods])


def stratified_uniform(groups: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Uniform draws spread evenly within each group (one per stratum of width 1/n, in random order).

    With a few dozen departments per district, plain draws would let a leading district miss a share it should
    reach by chance; stratified draws keep each district's realized share within 1/n of its target.
    """
    u = np.empty(len(groups))
    for group in np.unique(groups):
        members = np.flatnonzero(groups == group)
        u[members] = (rng.permutation(len(members)) + rng.random(len(members))) / len(members)
    return u
