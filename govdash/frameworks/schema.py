"""The shape of a framework file, checked on load."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from govdash.frameworks.method import Method
from govdash.metric_catalog import METRICS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    """One indicator: where its raw value comes from and how it becomes a 0–100 score."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    unit: str = ""
    direction: Literal["positive", "negative"] = "positive"
    normalization: Literal["goalpost", "minmax", "zscore"] = "goalpost"
    transform: Literal["none", "log10"] = "none"
    lo: float | None = None
    hi: float | None = None
    weight: float = Field(default=1.0)
    metric: str | None = None
    source: Literal["metric", "reported"] | None = None
    group: str | None = None
    definition: str = ""

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
        if self.normalization == "goalpost" and (self.lo is None or self.hi is None):
            raise ValueError("goalpost 归一化须给出 lo 和 hi")
        return self

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
    indicators: tuple[Indicator, ...] = Field(min_length=1)

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


class Framework(_Strict):
    """A whole framework file."""

    framework: FrameworkMeta
    bands: tuple[Band, ...] = Field(min_length=1)
    weak_spot: WeakSpot | None = None
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    method: Method = Method()

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
        return bands

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


def _no_duplicates(codes: list[str], what: str) -> None:
    seen: set[str] = set()
    dup = sorted({c for c in codes if c in seen or seen.add(c)})  # type: ignore[func-returns-value]
    if dup:
        raise ValueError(f"{what}重复:{', '.join(dup)}")
