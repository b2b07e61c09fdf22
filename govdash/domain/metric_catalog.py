"""The metrics computed from records: their names, Chinese labels and units.

Framework files refer to these names (``metric = "service.full_online_rate"``); ``govdash.repository`` computes
them in SQL. Rates are percentages (0–100).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class MetricInfo:
    """What a metric is called and measured in."""

    name: str
    label: str
    unit: str
    source: str
    definition: str


def _m(name: str, label: str, unit: str, definition: str) -> MetricInfo:
    return MetricInfo(name=name, label=label, unit=unit, source=name.split(".", 1)[0], definition=definition)


METRICS: Final[dict[str, MetricInfo]] = {m.name: m for m in (
    _m("service.full_online_rate", "全程网办率", "%", "网办深度 4 级事项 / 事项总数"),
    _m("service.zero_visit_rate", "零跑动率", "%", "(跑动 0 次或全程网办)事项 / 事项总数"),
    _m("service.online_capable_rate", "可网办率", "%", "网办深度 ≥ 2 级事项 / 事项总数"),
    _m("service.max_one_visit_rate", "最多跑一次率", "%", "跑动 ≤ 1 次事项 / 事项总数"),
    _m("service.promise_compression_rate", "承诺时限压缩率", "%", "1 − Σ承诺时限 / Σ法定时限"),
    _m("service.instant_ratio", "即办件占比", "%", "即办件 / 事项总数"),
    _m("service.mobile_rate", "掌上可办率", "%", "掌上可办事项 / 事项总数"),
    _m("service.online_volume_ratio", "网上办件占比", "%", "Σ网上办件量 / Σ办件量"),
    _m("service.item_count", "事项数", "项", "本期事项清单中的事项数"),
    _m("evaluation.count", "评价数", "条", "本期好差评评价数"),
    _m("evaluation.good_rate", "好评率", "%", "评价等级 ≥ 4 / 评价总数"),
    _m("evaluation.bad_rate", "差评率", "%",
       "评价等级 ≤ 2 的差评 / 评价总数;核实为不属实或恶意评价且申诉成立的差评不计入分子和分母"),
    _m("evaluation.bad_unfounded_count", "申诉核销差评数", "条", "核实为不属实或恶意评价、申诉成立的差评(单列,不计入差评率)"),
    _m("evaluation.bad_rectify_rate", "差评整改率", "%", "已整改差评 / 差评总数"),
    _m("evaluation.bad_ontime_rate", "差评按时整改率", "%",
       "整改期限(默认 15 个法定工作日,含调休)内整改的差评 / 差评总数"),
    _m("evaluation.callback_rate", "回访率", "%", "已回访差评 / 差评总数"),
    _m("evaluation.real_name_callback_rate", "实名差评回访率", "%", "已回访的实名差评 / 实名差评"),
    _m("evaluation.coverage_rate", "评价覆盖率", "%", "评价数 / 同期办件量"),
    _m("evaluation.active_rate", "主动评价率", "%", "主动评价数(不含 7 天后系统默认好评)/ 同期办件量"),
    _m("evaluation.item_coverage", "事项覆盖度", "%", "本期至少有 1 条评价的政务服务事项 / 本期事项清单中的事项数"),
    _m("evaluation.department_coverage", "部门覆盖度", "%",
       "本期至少有 1 条评价的实施部门 / 本期事项清单中的实施部门数"),
    _m("survey.score", "满意度调查得分", "分", "平均分换算为 0–100"),
    _m("survey.satisfied_share", "满意比例", "%", "得分 ≥ 4(5 分制)或 ≥ 8(10 分制)的答案 / 答案总数"),
    _m("survey.responses", "答卷数", "份", "本期答卷数"),
    _m("survey.margin_of_error", "误差幅度", "分", "95% 置信水平下得分的误差幅度"),
    _m("catalog.entry_count", "目录数", "条", "本期目录条数"),
    _m("catalog.dept_coverage", "部门编目覆盖率", "%", "有目录的部门 / 本区县部门"),
    _m("catalog.shareable_rate", "可共享率", "%", "(无条件 + 有条件共享)/ 目录总数"),
    _m("catalog.unconditional_share_ratio", "无条件共享占比", "%", "无条件共享 / 目录总数"),
    _m("catalog.open_rate", "开放率", "%", "(无条件 + 有条件开放)/ 目录总数"),
    _m("catalog.update_timeliness_rate", "更新及时率", "%", "期末仍在更新周期内的目录 / 有固定周期的目录"),
    _m("catalog.call_volume", "共享调用量", "次", "Σ调用次数"),
    _m("catalog.negative_list_count", "负面清单数", "条", "列入负面清单的目录数"),
    _m("demand.match_rate", "供需对接率", "%", "已对接 / (需求总数 − 依法驳回)"),
    _m("demand.avg_match_days", "平均对接时长", "天", "已对接需求从申请到办结的平均天数"),
)}
