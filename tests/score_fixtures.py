"""A tiny framework and hand-made raw values, scored by the engine, for findings and score-chart tests."""

from __future__ import annotations

import pandas as pd

from govdash.frameworks import Framework
from govdash.scoring import ScoreResult, score

NAMES = {"r1": "滨江区", "r2": "新港区", "r3": "鹤鸣县", "r4": "雁山县"}


def mini_framework() -> Framework:
    """Two dimensions of two reported indicators each, goalposts 0–100, three bands, weak spot below 60."""
    def indicator(code: str, name: str) -> dict:
        return {"code": code, "name": name, "source": "reported", "lo": 0, "hi": 100, "unit": "%"}
    return Framework.model_validate({
        "framework": {"code": "mini", "name": "测试指数", "score_label": "综合得分"},
        "bands": [{"label": "高", "min": 80, "color": "#1a7f37"}, {"label": "中", "min": 60, "color": "#d4a72c"},
                  {"label": "低", "min": 0, "color": "#cf222e"}],
        "weak_spot": {"threshold": 60, "label": "短板"},
        "dimensions": [
            {"code": "service", "name": "政务服务", "weight": 50,
             "indicators": [indicator("online", "网办率"), indicator("speed", "即办率")]},
            {"code": "ops", "name": "运行管理", "weight": 50,
             "indicators": [indicator("security", "等保测评通过率"), indicator("fix", "整改率")]},
        ],
    })


# Per region: (2025Q3 values, 2025Q4 values) for online, speed, security, fix; None = not reported.
VALUES = {
    "r1": ((90, 90, 90, 90), (95, 95, 95, 95)),
    "r2": ((80, 80, 50, 50), (80, 80, 60, 25)),
    "r3": ((70, 70, 70, 70), (70, 70, None, None)),
    "r4": ((40, 40, 40, 40), (40, 40, 40, None)),
}


def mini_result(*, with_names: bool = True) -> ScoreResult:
    """Score ``VALUES`` with ``mini_framework``; regions carry ``region_name`` unless told otherwise."""
    rows = []
    for region, by_period in VALUES.items():
        for period, values in zip(("2025Q3", "2025Q4"), by_period, strict=True):
            for code, value in zip(("online", "speed", "security", "fix"), values, strict=True):
                if value is not None:
                    rows.append({"region_code": region, "period": period, "indicator_code": code,
                                 "value": float(value)})
    result = score(mini_framework(), pd.DataFrame(rows))
    if not with_names:
        return result
    for frame in (result.indicators, result.dimensions, result.overall):
        frame.insert(1, "region_name", frame["region_code"].map(NAMES))
    return result
