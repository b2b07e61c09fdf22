"""The Chinese words of the domain and the codes stored in the database: the one mapping between them.

Every enumeration the uploads use lives here, so that import, queries and pages agree on one spelling.
Each mapping goes from the Chinese word shown to users to the code stored in the database; the ``*_LABELS``
dictionaries go back the other way for display.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Final

REGION_LEVELS: Final = {"省": "province", "市": "city", "区": "district", "县": "district", "区县": "district",
                        "街道": "street", "乡": "street", "镇": "street", "乡镇": "street", "街道/乡镇": "street",
                        "社区": "community", "村": "community", "社区/村": "community"}
REGION_LEVEL_LABELS: Final = {"province": "省", "city": "市", "district": "区县", "street": "街道",
                              "community": "社区/村"}

SHARE_TYPES: Final = {"无条件共享": "unconditional", "有条件共享": "conditional", "不予共享": "none"}
SHARE_TYPE_LABELS: Final = {v: k for k, v in SHARE_TYPES.items()}

OPEN_TYPES: Final = {"无条件开放": "unconditional", "有条件开放": "conditional", "不予开放": "none"}
OPEN_TYPE_LABELS: Final = {v: k for k, v in OPEN_TYPES.items()}

# Update cycle -> the longest gap, in days, after which an entry counts as stale (实时/每日 allow a day's slack).
UPDATE_CYCLES: Final = {"实时": "realtime", "每日": "daily", "每周": "weekly", "每月": "monthly",
                        "每季度": "quarterly", "每半年": "halfyearly", "每年": "yearly", "不定期": "irregular"}
UPDATE_CYCLE_LABELS: Final = {v: k for k, v in UPDATE_CYCLES.items()}
UPDATE_CYCLE_MAX_DAYS: Final = {"realtime": 1, "daily": 2, "weekly": 7, "monthly": 31, "quarterly": 92,
                                "halfyearly": 183, "yearly": 366}

DEMAND_STATUSES: Final = {"待审核": "pending", "审核中": "pending", "已对接": "matched", "已驳回": "rejected"}
DEMAND_STATUS_LABELS: Final = {"pending": "待审核", "matched": "已对接", "rejected": "已驳回"}

ONLINE_DEPTHS: Final = {"信息公开": 1, "在线预约": 2, "表格下载": 2, "在线预约·表格下载": 2, "在线预审": 3, "全程网办": 4}
ONLINE_DEPTH_LABELS: Final = {1: "信息公开", 2: "在线预约·表格下载", 3: "在线预审", 4: "全程网办"}

CHANNELS: Final = {"窗口": "counter", "PC端": "pc", "PC": "pc", "电脑端": "pc", "移动端": "mobile", "APP": "mobile",
                   "自助终端": "kiosk", "12345热线": "hotline", "热线": "hotline", "短信": "sms"}
CHANNEL_LABELS: Final = {"counter": "窗口", "pc": "PC端", "mobile": "移动端", "kiosk": "自助终端",
                         "hotline": "12345热线", "sms": "短信"}

RATINGS: Final = {"非常满意": 5, "满意": 4, "基本满意": 3, "不满意": 2, "非常不满意": 1}
RATING_LABELS: Final = {v: k for k, v in RATINGS.items()}
GOOD_RATING_MIN: Final = 4  # 好评 = 非常满意 or 满意
BAD_RATING_MAX: Final = 2  # 差评 = 不满意 or 非常不满意

# 核实结果 of a 差评 and the outcome of the department's 申诉 (appeal) against it (国办发〔2019〕51号).
VERIFICATIONS: Final = {"属实": "true", "不属实": "false", "恶意评价": "malicious", "恶意": "malicious"}
VERIFICATION_LABELS: Final = {"true": "属实", "false": "不属实", "malicious": "恶意评价"}
APPEALS: Final = {"申诉成立": "upheld", "成立": "upheld", "通过": "upheld", "申诉不成立": "rejected",
                  "不成立": "rejected", "驳回": "rejected"}
APPEAL_LABELS: Final = {"upheld": "申诉成立", "rejected": "申诉不成立"}
# A 差评 judged 不属实 or 恶意 with the appeal upheld is shown apart and left out of 差评率.
UNFOUNDED_VERIFICATIONS: Final = ("false", "malicious")

YES_NO: Final = {"是": True, "否": False, "Y": True, "N": False, "y": True, "n": False, "1": True, "0": False,
                 "true": True, "false": False, "True": True, "False": False, "TRUE": True, "FALSE": False,
                 "有": True, "无": False}

BATCH_STATUS_LABELS: Final = {"active": "有效", "replaced": "已替换", "undone": "已撤销"}

SAMPLE_MARK: Final = "示例数据"


def distinct_region_names(names: Mapping[str, str]) -> dict[str, str]:
    """Return region code → the name to show, with the code added to a name several regions share.

    A province has many 城关区: "城关区(620102)" tells them apart, while a name held by one region stays bare.

    Args:
        names: region code → name, for the regions shown together (a chart, a set of findings).
    """
    holders = Counter(names.values())
    return {code: name if holders[name] == 1 else f"{name}({code})" for code, name in names.items()}
