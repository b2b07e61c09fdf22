"""What each kind of upload looks like: its columns, their Chinese headers, English aliases, types and limits.

This is the contract between the files evaluators upload, the templates offered for download, the sample data
and the database tables. Header matching is done on these names; validation on these types and limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from govdash.core import models
from govdash.domain import vocab

ColumnType = Literal["str", "int", "float", "date", "datetime", "bool", "enum", "region", "period"]
PeriodMode = Literal["column", "derived", "none"]


@dataclass(frozen=True)
class Column:
    """One column of an upload."""

    key: str
    zh: str
    type: ColumnType = "str"
    required: bool = True
    aliases: tuple[str, ...] = ()
    choices: Mapping[str, Any] | None = None
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    default: Any = None
    help: str = ""
    example: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every header accepted for this column: Chinese name, English key, aliases."""
        return (self.zh, self.key, *self.aliases)


@dataclass(frozen=True)
class Kind:
    """One kind of upload and the table it fills."""

    key: str
    label: str
    model: type
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    period_mode: PeriodMode = "none"
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def column(self, key: str) -> Column:
        """Return the column with this key."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def required(self) -> tuple[Column, ...]:
        """Columns a file must have."""
        return tuple(c for c in self.columns if c.required)


REGION = Column("region_code", "区县代码", "region", aliases=("区划代码", "行政区划代码", "地区代码", "region"),
                help="区县的 6 位行政区划代码(GB/T 2260),或街道/乡镇的 9 位代码,须已在区划表中",
                example="990102")
PERIOD = Column("period", "期间", "period", required=False, aliases=("统计期间", "报告期", "年度季度"),
                help="2025、2025H1(上半年)或 2025Q3;文件中没有此列时,上传时选择期间", example="2025Q4")
DEPARTMENT_COL = Column("department", "部门", max_length=128, help="部门全称", example="示例市某区数据局")

KINDS: dict[str, Kind] = {}


def _register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


_register(Kind(
    key="regions", label="行政区划", model=models.Region, unique=("code",),
    description="区划名单:代码、名称、层级、上级代码、同类组。其他数据引用的区县、街道代码须先在此登记。",
    columns=(
        Column("code", "区划代码", "str", aliases=("行政区划代码", "统计用区划代码", "代码", "region_code"),
               help="省 / 市 / 区县为 6 位(GB/T 2260),街道 / 乡镇为 9 位(前 6 位为所属区县),"
                    "社区 / 村为 12 位(前 9 位为所属街道)", example="990102"),
        Column("name", "区划名称", aliases=("名称", "区县名称", "region_name"), max_length=64, example="滨江区"),
        Column("level", "层级", "enum", required=False, choices=vocab.REGION_LEVELS,
               help="省 / 市 / 区县 / 街道 / 社区;留空时按代码位数:9 位为街道,12 位为社区,6 位为区县",
               example="区县"),
        Column("parent_code", "上级代码", "str", required=False, aliases=("上级区划代码", "parent"),
               help="上级区划的代码,须为上一层级且代码前几位一致;街道、社区留空时取本代码的前 6 / 9 位",
               example="990100"),
        Column("peer_group", "同类组", required=False, aliases=("同类分组", "区县类型", "peer_group"),
               max_length=32, help="可选:如 中心城区 / 郊区 / 县;排名和发现可在同类组内比较", example="中心城区"),
    ),
))

_register(Kind(
    key="departments", label="部门名录", model=models.Department, unique=("region_code", "name"),
    description="各区县的部门名录,用于计算部门编目覆盖率的分母。",
    columns=(
        REGION,
        Column("name", "部门名称", aliases=("部门", "department"), max_length=128, example="示例市滨江区数据局"),
        Column("code", "部门编码", required=False, aliases=("统一社会信用代码", "dept_code"), max_length=64,
               example="11990101MB0000001X"),
    ),
))

_register(Kind(
    key="catalog", label="政务数据资源目录", model=models.CatalogEntry, unique=("period", "code"),
    period_mode="column",
    description="数据目录“一本账”:每期一份目录快照,含共享、开放属性和负面清单。",
    columns=(
        PERIOD,
        Column("code", "目录编码", aliases=("资源目录编码", "catalog_code"), max_length=64, example="990102-0001"),
        Column("name", "资源名称", aliases=("目录名称", "数据资源名称"), max_length=255, example="企业登记信息"),
        Column("department", "提供部门", aliases=("数源部门", "提供单位"), max_length=128, example="滨江区市场监管局"),
        REGION,
        Column("domain", "所属领域", required=False, aliases=("领域", "主题"), max_length=64, example="市场监管"),
        Column("share_type", "共享类型", "enum", choices=vocab.SHARE_TYPES, aliases=("共享属性",),
               help="无条件共享 / 有条件共享 / 不予共享", example="无条件共享"),
        Column("open_type", "开放类型", "enum", choices=vocab.OPEN_TYPES, aliases=("开放属性",),
               help="无条件开放 / 有条件开放 / 不予开放", example="有条件开放"),
        Column("update_cycle", "更新周期", "enum", choices=vocab.UPDATE_CYCLES, aliases=("更新频率",),
               help="实时 / 每日 / 每周 / 每月 / 每季度 / 每半年 / 每年 / 不定期", example="每月"),
        Column("last_updated", "最近更新", "date", required=False, aliases=("最近更新时间", "更新日期"),
               help="日期,如 2025-03-31", example="2025-12-15"),
        Column("field_count", "数据项数", "int", required=False, min=0, aliases=("信息项数",), example="24"),
        Column("record_count", "记录数", "int", required=False, min=0, aliases=("数据量",), example="125000"),
        Column("call_count", "调用次数", "int", required=False, min=0, default=0, aliases=("共享调用次数",),
               example="3560"),
        Column("on_negative_list", "负面清单", "bool", required=False, default=False,
               aliases=("是否负面清单", "列入负面清单"), help="是 / 否", example="否"),
        Column("negative_reason", "负面清单依据", required=False, aliases=("依据", "不予共享依据"),
               max_length=500, help="列入负面清单时必填:法律法规依据", example=""),
    ),
))

_register(Kind(
    key="demands", label="数据需求清单", model=models.DataDemand, unique=("demand_no",),
    description="数据需求与供需对接清单:谁在何时申请了哪项资源,结果如何。",
    columns=(
        Column("demand_no", "需求编号", aliases=("申请编号",), max_length=64, example="XQ2025-0001"),
        REGION,
        Column("department", "需求部门", aliases=("申请部门",), max_length=128, example="滨江区民政局"),
        Column("catalog_code", "目录编码", required=False, aliases=("申请资源编码",), max_length=64,
               example="990102-0001"),
        Column("applied_on", "申请日期", "date", aliases=("申请时间",), example="2025-02-10"),
        Column("status", "状态", "enum", choices=vocab.DEMAND_STATUSES, aliases=("对接状态", "办理状态"),
               help="待审核 / 已对接 / 已驳回", example="已对接"),
        Column("closed_on", "办结日期", "date", required=False, aliases=("对接日期", "办结时间"), example="2025-02-20"),
        Column("reject_reason", "驳回理由", required=False, aliases=("驳回依据",), max_length=500,
               help="已驳回时填写法定理由", example=""),
    ),
))

_register(Kind(
    key="responsibilities", label="数据责任清单", model=models.DataResponsibility,
    unique=("region_code", "catalog_code"),
    description="每项目录资源的责任部门和责任岗位(岗位名称,不填个人身份信息)。",
    columns=(
        REGION,
        Column("catalog_code", "目录编码", max_length=64, example="990102-0001"),
        Column("department", "责任部门", max_length=128, example="滨江区市场监管局"),
        Column("role", "责任人", required=False, aliases=("责任岗位",), max_length=64, example="数据专员"),
    ),
))

_register(Kind(
    key="service-items", label="政务服务事项", model=models.ServiceItem, unique=("period", "code"),
    period_mode="column",
    description="政务服务事项清单:每期一份快照,含网办深度、跑动次数、时限和办件量。",
    columns=(
        PERIOD,
        Column("code", "事项编码", aliases=("实施编码", "item_code"), max_length=64, example="SX990102-0001"),
        Column("name", "事项名称", max_length=255, example="个体工商户设立登记"),
        Column("department", "实施部门", aliases=("实施主体",), max_length=128, example="滨江区市场监管局"),
        REGION,
        Column("online_depth", "网办深度", "enum", choices=vocab.ONLINE_DEPTHS,
               help="1 信息公开 / 2 在线预约·表格下载 / 3 在线预审 / 4 全程网办(填文字或数字)", example="全程网办"),
        Column("visits", "跑动次数", "int", min=0, max=2, aliases=("到现场次数",),
               help="0、1 或 2(2 表示 2 次及以上)", example="0"),
        Column("visit_reason", "跑动原因", required=False, aliases=("到现场原因",), max_length=255, example=""),
        Column("legal_days", "法定时限", "int", required=False, min=0, max=3650,
               aliases=("法定时限(工作日)", "法定办结时限"), help="工作日", example="20"),
        Column("promised_days", "承诺时限", "int", required=False, min=0, max=3650,
               aliases=("承诺时限(工作日)", "承诺办结时限"), help="工作日,不得超过法定时限", example="5"),
        Column("instant", "即办件", "bool", required=False, default=False, help="是 / 否", example="否"),
        Column("mobile", "掌上可办", "bool", required=False, default=False, aliases=("移动端可办",),
               help="是 / 否", example="是"),
        Column("volume", "办件量", "int", required=False, min=0, default=0, aliases=("年办件量", "本期办件量"),
               help="本期办件量", example="1200"),
        Column("online_volume", "网上办件量", "int", required=False, min=0, default=0,
               aliases=("网办件量",), help="本期网上办件量,不超过办件量", example="1100"),
    ),
))

_register(Kind(
    key="evaluations", label="政务服务“好差评”", model=models.Evaluation, unique=("eval_no",),
    period_mode="derived",
    description="好差评明细:一次一评(现场)、一事一评(网上);差评的整改和回访。期间由评价时间推出。",
    columns=(
        Column("eval_no", "评价编号", aliases=("评价ID", "id"), max_length=64, example="HP20250101000001"),
        REGION,
        Column("item_code", "事项编码", required=False, max_length=64, example="SX990102-0001"),
        Column("department", "实施部门", required=False, max_length=128,
               help="可不填:留空或没有此列时,按事项编码取政务服务事项最近一期的实施部门", example="滨江区市场监管局"),
        Column("channel", "评价渠道", "enum", choices=vocab.CHANNELS, aliases=("渠道",),
               help="窗口 / PC端 / 移动端 / 自助终端 / 12345热线 / 短信", example="移动端"),
        Column("rating", "评价等级", "enum", choices=vocab.RATINGS, aliases=("评价结果", "满意度"),
               help="非常满意 5 / 满意 4 / 基本满意 3 / 不满意 2 / 非常不满意 1(填文字或数字)", example="非常满意"),
        Column("real_name", "是否实名", "bool", required=False, aliases=("实名",), example="是"),
        Column("evaluated_at", "评价时间", "datetime", aliases=("评价日期",), example="2025-03-05 10:21"),
        Column("comment", "评价内容", required=False, aliases=("评价意见", "意见建议"), max_length=2000,
               help="自由文本;身份证号、手机号入库前自动脱敏", example="办理很快"),
        Column("rectified_at", "整改完成时间", "datetime", required=False, aliases=("整改时间",),
               help="差评整改完成的时间", example=""),
        Column("callback_at", "回访时间", "datetime", required=False, example=""),
        Column("is_default", "是否默认评价", "bool", required=False, aliases=("默认评价",),
               help="是:办件后 7 天内未评价、系统自动记为好评;主动评价率不计这些评价", example="否"),
        Column("verification", "核实结果", "enum", required=False, choices=vocab.VERIFICATIONS,
               help="差评的核实结果:属实 / 不属实 / 恶意评价", example=""),
        Column("appeal_result", "申诉结果", "enum", required=False, choices=vocab.APPEALS,
               help="申诉成立 / 申诉不成立;核实为不属实或恶意评价且申诉成立的差评单列,不计入差评率", example=""),
        Column("supervised", "督办", "bool", required=False, aliases=("是否督办",), help="差评是否已督办(是 / 否)",
               example=""),
        Column("sub_overall", "整体满意度", "int", required=False, min=1, max=5, example=""),
        Column("sub_efficiency", "办事效率", "int", required=False, min=1, max=5, aliases=("服务效率",), example=""),
        Column("sub_convenience", "办事便捷度", "int", required=False, min=1, max=5, example=""),
        Column("sub_attitude", "服务态度", "int", required=False, min=1, max=5, example=""),
    ),
))

_register(Kind(
    key="surveys", label="满意度调查", model=models.SurveyAnswer,
    unique=("survey_code", "response_code", "question_code"), period_mode="derived",
    description="问卷答案,长表一行一题;宽表(一题一列)自动转换。期间由提交时间推出。",
    columns=(
        Column("survey_code", "问卷编号", aliases=("问卷",), max_length=64, example="WJ2025-A"),
        Column("response_code", "答卷编号", aliases=("答卷ID",), max_length=64, example="A000001"),
        REGION,
        Column("question_code", "题目编码", aliases=("题号",), max_length=64, example="Q1"),
        Column("question_text", "题目", required=False, aliases=("题目内容",), max_length=500,
               example="您对办事效率是否满意?"),
        Column("score", "得分", "float", aliases=("分值", "评分"),  # the range follows the scale (rules)
               help="1–5 量表或 0–10 量表", example="4"),
        Column("scale_max", "量表", "int", required=False, min=5, max=10, aliases=("满分",),
               help="5 或 10;不填时按 5 分制", example="5"),
        Column("submitted_at", "提交时间", "datetime", aliases=("答题时间",), example="2025-11-12 09:30"),
    ),
))

_register(Kind(
    key="reported", label="区县填报指标", model=models.ReportedValue,
    unique=("region_code", "period", "indicator_code"), period_mode="column",
    description="无法由明细数据算出的指标(基础准备度、政策环境、一网统管、一网协同、运行管理等),由区县填报。",
    columns=(
        REGION,
        PERIOD,
        Column("indicator_code", "指标", aliases=("指标代码", "指标名称", "indicator"), max_length=64,
               help="指标代码或指标中文名称,须在评估框架中", example="cloud_adoption_rate"),
        Column("value", "数值", "float", aliases=("指标值", "值"), example="86.5"),
        Column("unit", "单位", required=False, max_length=16, example="%"),
        Column("note", "来源说明", required=False, aliases=("备注", "说明"), max_length=500, example="区数据局年报"),
    ),
))


def get_kind(key: str) -> Kind:
    """Return a kind by its key, or raise ``KeyError`` listing the known kinds."""
    try:
        return KINDS[key]
    except KeyError:
        known = ", ".join(KINDS)
        raise KeyError(f"未知的数据类型“{key}”,可选:{known}") from None
