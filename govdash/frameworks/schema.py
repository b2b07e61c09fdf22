"""The shape of a framework file, checked on load."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from govdash.domain.metric_catalog import METRICS
from govdash.frameworks.bands import BandClass, band_span, check_classes, equal_classes
from govdash.frameworks.method import Method
from govdash.frameworks.rules import Adjustment, Normalization, describe_adjustment, describe_normalization

# The values an indicator can take when its file declares no range: a rate cannot leave 0–100, a count or a
# duration cannot be negative.
_UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "%": (0.0, 100.0), "0/1": (0.0, 1.0),
    **dict.fromkeys(("件", "项", "个", "起", "次", "人", "家", "h", "小时", "天", "日", "工作日"), (0.0, None)),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    """One indicator: where its raw value comes from and how it becomes a 0–100 score."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    unit: str = ""
    direction: Literal["positive", "negative"] = "positive"
    normalization: Normalization = "goalpost"
    transform: Literal["none", "log10"] = "none"
    lo: float | None = None
    hi: float | None = None
    weight: float = Field(default=1.0)
    metric: str | None = None
    source: Literal["metric", "reported"] | None = None
    group: str | None = None
    definition: str = ""
    range: tuple[float, float] | None = None
    min: float | None = None
    max: float | None = None
    target: float | None = Field(default=None, gt=0)
    points: tuple[float, ...] = ()
    points_step: float | None = Field(default=None, gt=0)
    adjust: Adjustment | None = None

    @field_validator("weight")
    @classmethod
    def _positive_weight(cls, value: float) -> float:
        if not value > 0:
            raise ValueError(f"权重必须为正数,当前为 {value}")
        return value

    @field_validator("hi")
    @classmethod
    def _hi_above_lo(cls, value: float | None, info: ValidationInfo) -> float | None:
        lo = info.data.get("lo")
        if value is not None and lo is not None and not value > lo:
            raise ValueError(f"hi ({value:g}) 必须大于 lo ({lo:g})")
        return value

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str | None) -> str | None:
        if value is not None and value not in METRICS:
            raise ValueError(f"未知的指标来源 metric = \"{value}\"")
        return value

    @model_validator(mode="after")
    def _source_and_goalposts(self) -> Indicator:
        source = self.source or ("metric" if self.metric else None)
        if source is None:
            raise ValueError("须指定 metric = \"...\" 或 source = \"reported\"")
        if source == "metric" and not self.metric:
            raise ValueError("source = \"metric\" 时须给出 metric 名称")
        if source == "reported" and self.metric:
            raise ValueError("source = \"reported\" 的指标不能同时指定 metric")
        object.__setattr__(self, "source", source)
        if self.adjust is None:
            self._check_rule()
        self._check_range()
        return self

    def _check_rule(self) -> None:
        if self.normalization == "goalpost" and (self.lo is None or self.hi is None):
            raise ValueError("goalpost 归一化须给出 lo 和 hi")
        if self.normalization == "target" and self.target is None:
            raise ValueError("target(目标值)归一化须给出 target = 目标值")
        if self.normalization == "rank_points":
            points = self.points
            if not points or any(p < 0 for p in points) or max(points) <= 0:
                raise ValueError("rank_points(名次计分)须给出 points = [第 1 名的分数, 第 2 名的分数, ...],不能为负")
            if any(later > earlier for earlier, later in zip(points, points[1:], strict=False)):
                raise ValueError("points 须从第 1 名起逐名不增(如 [60, 57, 54, 51, 48])")

    def rule_text(self, dimension: str = "") -> str:
        """Say in Chinese how this indicator is scored, or what it adjusts (``dimension``: its dimension's name)."""
        if self.adjust is not None:
            return describe_adjustment(self.adjust, name=self.name, unit=self.unit, dimension=dimension)
        return describe_normalization(self.normalization, negative=self.direction == "negative", unit=self.unit,
                                      lo=self.lo, hi=self.hi, target=self.target, points=self.points,
                                      points_step=self.points_step)

    @property
    def is_adjustment(self) -> bool:
        """Tell whether this indicator adjusts a score (扣分项、加分项、一票否决) rather than being weighted in."""
        return self.adjust is not None

    def _check_range(self) -> None:
        if self.range is not None and (self.min is not None or self.max is not None):
            raise ValueError("取值范围只能写一种:range = [下限, 上限],或 min / max")
        low, high = self.value_range
        if low is not None and high is not None and not high > low:
            raise ValueError(f"取值范围的上限 ({high:g}) 必须大于下限 ({low:g})")

    @property
    def value_range(self) -> tuple[float | None, float | None]:
        """The values a district may report: the declared ``range``, else ``min``/``max`` over the unit's default.

        By unit: % is 0–100, 0/1 is 0–1, counts and durations are ≥ 0. None on a side means unbounded. Values
        outside are refused at import, never clipped.
        """
        if self.range is not None:
            return self.range
        low, high = _UNIT_RANGES.get(self.unit, (None, None))
        return (self.min if self.min is not None else low), (self.max if self.max is not None else high)

    @property
    def is_reported(self) -> bool:
        """Tell whether a district reports this value (as opposed to a metric computed from records)."""
        return self.source == "reported"


class Dimension(_Strict):
    """A dimension (framework A) or pillar (framework B): a weighted group of indicators."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    subtitle: str = ""
    weight: float
    description: str = ""
    normalization: Normalization | None = None
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _inherit_normalization(cls, data: object) -> object:
        """Give the dimension's ``normalization`` to each of its indicators that does not set its own."""
        return _inherit(data, "indicators")

    @property
    def weighted_indicators(self) -> tuple[Indicator, ...]:
        """The indicators weighted into the dimension score (not the 扣分项、加分项、一票否决)."""
        return tuple(i for i in self.indicators if not i.is_adjustment)

    @field_validator("indicators")
    @classmethod
    def _some_weighted(cls, indicators: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
        if all(i.is_adjustment for i in indicators):
            raise ValueError("维度中至少要有一个参与加权的指标(扣分项、加分项、一票否决之外的指标)")
        return indicators

    @field_validator("weight")
    @classmethod
    def _positive_weight(cls, value: float) -> float:
        if not value > 0:
            raise ValueError(f"权重必须为正数,当前为 {value}")
        return value


class Band(_Strict):
    """A grade or health level: scores at or above ``min`` (and below the next band's ``min``).

    Cut-offs are always on the 0–100 score. A scheme published on a 0–1 scale (UN-EGDI: very high ≥ 0.75) is
    written ×100 (``min = 75``); a file whose cut-offs all lie within 0–1 is rejected as a likely slip.
    """

    label: str
    min: float = Field(ge=0, le=100)
    color: str = "#888888"
    classes: tuple[BandClass, ...] = ()
    split: tuple[str, ...] = ()


class WeakSpot(_Strict):
    """A dimension scoring below ``threshold`` is flagged."""

    threshold: float = Field(ge=0, le=100)
    label: str = "短板"


class FrameworkMeta(_Strict):
    """The ``[framework]`` table."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    short_name: str = ""
    description: str = ""
    score_label: str = "综合得分"
    aggregation: Literal["arithmetic", "geometric"] = "arithmetic"
    min_weight_coverage: float = Field(default=0.5, ge=0, le=1)
    order: int = 100
    normalization: Normalization | None = None
    compare: Literal["available", "previous"] = "available"


class Ranking(_Strict):
    """The ``[ranking]`` table: how the pages rank the regions by default."""

    peer_group: bool = Field(default=False, description="rank within each 同类组 (region.peer_group) by default")


class Framework(_Strict):
    """A whole framework file."""

    framework: FrameworkMeta
    bands: tuple[Band, ...] = Field(min_length=1)
    weak_spot: WeakSpot | None = None
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    method: Method = Method()
    ranking: Ranking = Ranking()

    @model_validator(mode="before")
    @classmethod
    def _inherit_normalization(cls, data: object) -> object:
        """Give ``[framework] normalization`` to each dimension that does not set its own."""
        if not isinstance(data, dict):
            return data
        meta = data.get("framework")
        if not isinstance(meta, dict) or meta.get("normalization") is None:
            return data
        return _inherit({**data, "normalization": meta["normalization"]}, "dimensions", drop=True)

    @model_validator(mode="after")
    def _veto_bands_declared(self) -> Framework:
        labels = [b.label for b in self.bands]
        for _dim, ind in self.indicators:
            if ind.adjust is not None and ind.adjust.band is not None and ind.adjust.band not in labels:
                raise ValueError(f"指标 {ind.code} 的一票否决等级“{ind.adjust.band}”不是本框架的等级之一:"
                                 f"{'、'.join(labels)}")
        return self

    @field_validator("bands")
    @classmethod
    def _ordered_bands(cls, bands: tuple[Band, ...]) -> tuple[Band, ...]:
        _no_duplicates([b.label for b in bands], "等级名称")
        mins = [b.min for b in bands]
        dup = sorted({m for m in mins if mins.count(m) > 1})
        if dup:
            raise ValueError(f"等级区间重叠:下限 {', '.join(f'{m:g}' for m in dup)} 出现了不止一次")
        if min(mins) != 0:
            raise ValueError("等级区间须覆盖 0 分:最低一档的 min 应为 0")
        if len(bands) > 1 and max(mins) <= 1:
            raise ValueError("等级下限按 0–100 分计;0–1 制的分界(如 0.75)请乘以 100 写作 75")
        return _with_classes(bands)

    @field_validator("dimensions")
    @classmethod
    def _unique_codes(cls, dimensions: tuple[Dimension, ...]) -> tuple[Dimension, ...]:
        dim_codes = [d.code for d in dimensions]
        _no_duplicates(dim_codes, "维度代码")
        for dim in dimensions:
            _no_duplicates([i.code for i in dim.indicators], f"维度 {dim.code} 的指标代码")
        all_codes = [i.code for d in dimensions for i in d.indicators]
        _no_duplicates(all_codes, "指标代码(跨维度)")
        # Weight overrides are keyed by code, so a dimension and an indicator must not share one.
        _no_duplicates(sorted(set(dim_codes)) + sorted(set(all_codes)), "维度与指标共用的代码")
        return dimensions

    @property
    def code(self) -> str:
        """The framework's code, e.g. ``digital_gov``."""
        return self.framework.code

    @property
    def name(self) -> str:
        """The framework's Chinese name."""
        return self.framework.name

    @property
    def indicators(self) -> list[tuple[Dimension, Indicator]]:
        """Every indicator with its dimension, in file order."""
        return [(d, i) for d in self.dimensions for i in d.indicators]

    def sorted_bands(self) -> list[Band]:
        """Bands from the highest cut-off down."""
        return sorted(self.bands, key=lambda b: b.min, reverse=True)


def _inherit(data: object, children: str, *, drop: bool = False) -> object:
    """Copy ``data["normalization"]`` into each child table of ``data[children]`` that has none."""
    if not isinstance(data, dict) or data.get("normalization") is None:
        return data
    out = {key: value for key, value in data.items() if not (drop and key == "normalization")}
    if isinstance(data.get(children), list | tuple):
        rule = data["normalization"]
        out[children] = [{**kid, "normalization": kid.get("normalization") or rule} if isinstance(kid, dict) else kid
                         for kid in data[children]]
    return out


def _with_classes(bands: tuple[Band, ...]) -> tuple[Band, ...]:
    """Resolve each band's ``split`` into classes and check that every band's classes partition its span."""
    mins = sorted(b.min for b in bands)
    resolved = []
    for band in bands:
        low, high = band_span(mins, mins.index(band.min))
        if band.split and band.classes:
            raise ValueError(f"等级“{band.label}”的细分只能写一种:split = [...] 或 [[bands.classes]]")
        classes = equal_classes(band.split, low, high) if band.split else band.classes
        if classes:
            check_classes(band.label, classes, low, high)
            classes = tuple(sorted(classes, key=lambda c: c.min))
        resolved.append(band.model_copy(update={"classes": classes}))
    _no_duplicates([c.label for b in resolved for c in b.classes], "细分等级名称")
    return tuple(resolved)


def _no_duplicates(codes: list[str], what: str) -> None:
    seen: set[str] = set()
    dup = sorted({c for c in codes if c in seen or seen.add(c)})  # type: ignore[func-returns-value]
    if dup:
        raise ValueError(f"{what}重复:{', '.join(dup)}")
