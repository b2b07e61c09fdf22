"""The Chinese labels of metrics, rates and score-table columns: the one place screen, XLSX, CLI and prose read them.

A metric is named by the metric catalog (``evaluation.bad_ontime_rate`` → 差评按时整改率); the short keys the record
queries return (``bad_ontime_rate``) take the same label, so a chart legend, a report card and a finding never
disagree. A framework names its own score (``score_label``) and its weak-spot flag (``weak_spot.label``); the
functions here read those so that no caller falls back to a word of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from govdash.domain.metric_catalog import METRICS

if TYPE_CHECKING:
    from govdash.frameworks import Framework

RANK: Final = "排名"
REGION_CODE: Final = "区县代码"
REGION: Final = "区县"
BAND: Final = "等级"
BAND_CLASS: Final = "细分等级"
CHANGE: Final = "较上期(分)"
RANK_CHANGE: Final = "排名变化"
STATUS: Final = "状态"
VETO: Final = "一票否决"
MISSING_INDICATORS: Final = "缺失指标"
IMPUTED_INDICATORS: Final = "估算指标"
#: The flag of a weak dimension when a framework sets a threshold without naming the flag.
DEFAULT_WEAK_SPOT: Final = "短板"


def _labels_of(source: str, keys: tuple[str, ...]) -> dict[str, str]:
    return {key: METRICS[f"{source}.{key}"].label for key in keys}


#: The 好差评 rates the record queries return, by column, in the order pages and cards show them.
EVALUATION_RATE_LABELS: Final = _labels_of(
    "evaluation", ("good_rate", "bad_rate", "bad_rectify_rate", "bad_ontime_rate", "callback_rate"))
#: The 数据共享开放 rates the catalog queries return, by column.
SHARING_RATE_LABELS: Final = _labels_of("catalog", ("shareable_rate", "unconditional_share_ratio", "open_rate"))


def weak_spot_label(framework: Framework) -> str:
    """Return the word the framework flags a weak dimension with (its ``weak_spot.label``, else 短板)."""
    return framework.weak_spot.label if framework.weak_spot else DEFAULT_WEAK_SPOT


def score_label(framework: Framework) -> str:
    """Return the name of the framework's overall score (综合得分, 健康指数, ...)."""
    return framework.framework.score_label
