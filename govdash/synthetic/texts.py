"""Free text of the sample: legal grounds, comments, survey questions, notes on reported figures.

Legal grounds cite real statutes in the wording officials use; everything they are attached to is invented.
"""

from __future__ import annotations

# 负面清单依据: why a resource is not shared.
NEGATIVE_LIST_GROUNDS: tuple[str, ...] = (
    "依据《中华人民共和国个人信息保护法》第二十八条，含敏感个人信息，不予共享",
    "依据《中华人民共和国数据安全法》第二十一条，属重要数据，按分类分级要求不予共享",
    "依据《中华人民共和国保守国家秘密法》第十三条，涉及国家秘密事项",
    "依据《中华人民共和国统计法》第二十五条，能够识别单个统计调查对象身份的资料不得对外提供",
    "依据《中华人民共和国基本医疗卫生与健康促进法》第九十二条，涉及个人健康信息",
    "依据《中华人民共和国未成年人保护法》第七十二条，含未成年人个人信息",
)

# 驳回理由 of a data demand with a lawful ground.
DEMAND_REJECT_REASONS: tuple[str, ...] = (
    "依据《中华人民共和国个人信息保护法》第三十四条，申请用途超出履行法定职责所必需的范围",
    "所申请资源已列入共享负面清单，依据《中华人民共和国数据安全法》第二十一条不予提供",
    "依据《政务信息资源共享管理暂行办法》（国发〔2016〕51号），申请未说明共享用途和使用依据",
    "申请的数据项涉及商业秘密，依据《中华人民共和国政府信息公开条例》第十五条不予提供",
)

# 好差评 comments by rating group.
GOOD_COMMENTS: tuple[str, ...] = (
    "办理很快，点赞", "工作人员很耐心", "材料一次就通过了", "网上提交很方便", "全程没跑腿", "指引很清楚",
    "服务热情周到", "比以前方便多了", "手机上就办好了", "帮办代办很贴心", "当天就拿到证了", "流程简单",
)
NEUTRAL_COMMENTS: tuple[str, ...] = (
    "等候时间有点长", "系统有点卡", "还可以", "材料清单再写清楚些就好了", "停车不方便", "叫号有点慢",
)
BAD_COMMENTS: tuple[str, ...] = (
    "排队时间太长", "材料要求前后不一致", "网上提交后一直没人审核", "系统老是登录不上", "窗口人员态度一般",
    "办事指南和实际要求不一致", "要求重复提交证明材料", "咨询电话一直打不通", "跑了三趟还没办成",
    "退回补正没有说明原因",
)
# Comments carrying a phone number or an ID number, so that masking on import shows. {phone} and {id} are
# filled with invented numbers.
PHONE_COMMENTS: tuple[str, ...] = ("请尽快回电，联系电话{phone}", "办结后请短信通知{phone}", "联系人手机{phone}，希望回访")
ID_COMMENTS: tuple[str, ...] = ("我的身份证号{id}，系统提示信息有误", "身份证{id}查询不到办件进度")

# Questionnaire A: 5-point Likert, exported in long form.
SURVEY_A_CODE = "WJ-ZWFW"
SURVEY_A_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("Q1", "您对办事指南的清晰准确程度是否满意？"),
    ("Q2", "您对办事流程的便捷程度是否满意？"),
    ("Q3", "您对办理时限是否满意？"),
    ("Q4", "您对工作人员的服务态度是否满意？"),
    ("Q5", "总体而言，您对本次政务服务是否满意？"),
)
# Questionnaire B: 0–10 scale, exported wide (one column per question).
SURVEY_B_CODE = "WJ-SZZF"
SURVEY_B_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("Q1", "网上办事平台好用程度"),
    ("Q2", "掌上办事覆盖程度"),
    ("Q3", "一次办成程度"),
    ("Q4", "减少重复提交材料程度"),
    ("Q5", "向他人推荐网上办事的意愿"),
)

# 来源说明 of reported figures, by pillar/dimension of the indicator.
REPORTED_NOTES: dict[str, str] = {
    "readiness": "区数据局年度统计",
    "governance": "区城运中心季度报表",
    "policy": "区司法局、区数据局报送",
    "tongguan": "区城运中心季度报表",
    "xietong": "区政府办公室报送",
    "jichu": "区大数据中心运维报告",
    "yunxing": "区大数据中心运维报告",
}
