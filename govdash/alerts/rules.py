"""Warning rules as data: ``data/warnings/rules.toml``, validated, with Chinese errors naming the file and rule.

Three kinds of rule, told apart by ``type``:
- ``metric``: a metric computed from records (any name of ``govdash.domain.metric_catalog``) compared with a threshold;
- ``rank_last``: a district ranked last in a framework for ``periods`` quarters running;
- ``score_drop``: a framework's index (``overall``), any dimension (``dimensions``), any indicator
  (``indicators``), or one dimension or indicator by code, down more than ``points`` on the previous period.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from govdash.domain.metric_catalog import METRICS
from govdash.frameworks.loader import _location, _message, _relevant

Level = Literal["红", "橙", "黄"]
#: Most severe first: the order hits are listed in.
LEVELS: tuple[Level, ...] = ("红", "橙", "黄")
LEVEL_COLORS = {"红": "#cf222e", "橙": "#e8702a", "黄": "#d4a72c"}
Operator = Literal["<", "<=", ">", ">=", "==", "!="]


class AlertRuleError(ValueError):
    """A rules file that cannot be used, with the file and rule at fault."""


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    level: Level
    description: str = ""


class MetricRule(_Rule):
    """A metric of the period compared with a threshold: ``evaluation.bad_ontime_rate < 80``."""

    type: Literal["metric"]
    metric: str
    op: Operator
    threshold: float

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        if value not in METRICS:
            raise ValueError(f"未知的指标“{value}”,可用的指标见 govdash/domain/metric_catalog.py")
        return value


class RankLastRule(_Rule):
    """Ranked last among the scored districts of a framework for ``periods`` quarters running."""

    type: Literal["rank_last"]
    framework: str
    periods: int = Field(default=2, ge=1, le=8)


class ScoreDropRule(_Rule):
    """A score down more than ``points`` on the previous period."""

    type: Literal["score_drop"]
    framework: str
    target: str = "overall"
    points: float = Field(gt=0, le=100)


Rule = Annotated[MetricRule | RankLastRule | ScoreDropRule, Field(discriminator="type")]


class RuleFile(BaseModel):
    """The rules file: a list of ``[[rule]]`` tables with distinct codes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: tuple[Rule, ...] = Field(min_length=1)

    @field_validator("rule")
    @classmethod
    def _distinct_codes(cls, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
        codes = [r.code for r in rules]
        doubled = sorted({c for c in codes if codes.count(c) > 1})
        if doubled:
            raise ValueError(f"规则代码重复:{'、'.join(doubled)}")
        return rules


_ADAPTER = TypeAdapter(RuleFile)


def load_rules(path: str | Path) -> tuple[Rule, ...]:
    """Read and validate a rules file, or raise ``AlertRuleError`` naming the file, the rule and the key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AlertRuleError(f"{path.name}: 预警规则文件不存在") from None
    except tomllib.TOMLDecodeError as exc:
        raise AlertRuleError(f"{path.name}: TOML 格式错误:{exc}") from None
    except UnicodeDecodeError:
        raise AlertRuleError(f"{path.name}: 文件须为 UTF-8 编码") from None
    try:
        return _ADAPTER.validate_python(data).rule
    except ValidationError as exc:
        lines = [f"{path.name}: {_location(_without_tag(err['loc']), data)}: {_message(err)}" for err in _relevant(exc.errors())]
        raise AlertRuleError("\n".join(lines)) from None


def _without_tag(loc: tuple) -> tuple:
    """Drop the union tag pydantic puts in the location (``rule.0.metric.threshold`` → ``rule.0.threshold``)."""
    tags = ("metric", "rank_last", "score_drop")
    if len(loc) > 3 and loc[0] == "rule" and loc[2] in tags:
        return loc[:2] + loc[3:]
    return loc
