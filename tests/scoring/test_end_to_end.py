"""A user's own framework file, end to end: dropped in the frameworks folder, values imported, scores printed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govdash.cli import app
from govdash.core import config
from govdash.core.db import get_engine
from govdash.frameworks import load_framework
from govdash.scoring import explain, statistical_audit
from govdash.services.indexes import compute_scores, sensitivity_table

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "frameworks"

# Three reported indicators of equal weight, goalposts 0–1, the user's own bands (quarter steps, A ≥ 75).
USER_FRAMEWORK = """
[framework]
code = "service_quality"
name = "窗口服务质量指数"
score_label = "质量指数"

[[bands]]
label = "A"
min = 75
color = "#1a7f37"

[[bands]]
label = "B"
min = 50
color = "#4c9a2a"

[[bands]]
label = "C"
min = 25
color = "#d4a72c"

[[bands]]
label = "D"
min = 0
color = "#cf222e"

[[dimensions]]
code = "quality"
name = "服务质量"
weight = 1

[[dimensions.indicators]]
code = "praise_ratio"
name = "窗口好评比"
unit = "比值"
lo = 0
hi = 1
source = "reported"

[[dimensions.indicators]]
code = "callback_ratio"
name = "回访比"
unit = "比值"
lo = 0
hi = 1
source = "reported"

[[dimensions.indicators]]
code = "self_service_ratio"
name = "自助办理比"
unit = "比值"
lo = 0
hi = 1
source = "reported"
"""

REGIONS = """区划代码,区划名称,层级,上级代码
990100,示例市,市,
990102,滨江区,区,990100
990103,望湖区,区,990100
990104,雁山县,县,990100
"""

# 2025Q3: 滨江 0.7/0.7/0.7 → 70 (2nd); 望湖 0.8 ×3 → 80 (1st); 雁山 0.2 ×3 → 20 (3rd).
# 2025Q4: 滨江 0.9/0.8/0.7 → (90 + 80 + 70)/3 = 80 → A, 1st, +10 points, up 1 place;
#         望湖 0.6/0.5/0.4 → (60 + 50 + 40)/3 = 50 → B (exactly at the cut-off), 2nd, −30, down 1;
#         雁山 0.3/—/0.1 → (30 + 10)/2 = 20 (missing one third of the weight: rescaled) → D, 3rd, ±0.
VALUES = {
    ("990102", "2025Q3"): (0.7, 0.7, 0.7), ("990103", "2025Q3"): (0.8, 0.8, 0.8),
    ("990104", "2025Q3"): (0.2, 0.2, 0.2), ("990102", "2025Q4"): (0.9, 0.8, 0.7),
    ("990103", "2025Q4"): (0.6, 0.5, 0.4), ("990104", "2025Q4"): (0.3, None, 0.1),
}
CODES = ("praise_ratio", "callback_ratio", "self_service_ratio")

runner = CliRunner()


def _reported_csv() -> str:
    lines = ["区县代码,期间,指标,数值,单位,来源说明"]
    for (region, period), values in VALUES.items():
        for code, value in zip(CODES, values, strict=True):
            if value is not None:
                lines.append(f"{region},{period},{code},{value},比值,区政务服务中心")
    return "\n".join(lines) + "\n"


@pytest.fixture
def user_setup(tmp_path, database_url, monkeypatch):
    """The shipped frameworks plus the user's file in a frameworks folder; regions and values imported."""
    folder = tmp_path / "frameworks"
    shutil.copytree(SHIPPED, folder)
    own = tmp_path / "mine" / "service_quality.toml"
    own.parent.mkdir()
    own.write_text(USER_FRAMEWORK, encoding="utf-8")
    shutil.copy(own, folder / own.name)
    monkeypatch.setenv("GOVDASH_FRAMEWORKS_DIR", str(folder))
    config.get_settings.cache_clear()
    (tmp_path / "regions.csv").write_text(REGIONS, encoding="utf-8")
    (tmp_path / "reported.csv").write_text(_reported_csv(), encoding="utf-8")
    for kind, name in (("regions", "regions.csv"), ("reported", "reported.csv")):
        result = runner.invoke(app, ["import", kind, str(tmp_path / name), "--db", database_url])
        assert result.exit_code == 0, result.output
    return own, database_url


def _run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_user_framework_appears_in_the_list(user_setup):
    output = _run("frameworks")

    assert "service_quality  窗口服务质量指数" in output
    assert "A / B / C / D" in output


def test_user_framework_scores_end_to_end_as_json(user_setup):
    own, db = user_setup

    rows = json.loads(_run("score", "--framework", str(own), "--period", "2025Q4", "--format", "json", "--db", db))

    by_region = {row["region_code"]: row for row in rows}
    assert [row["region_code"] for row in rows] == ["990102", "990103", "990104"]
    first, second, third = by_region["990102"], by_region["990103"], by_region["990104"]
    assert (first["score"], first["band"], first["rank"]) == (pytest.approx(80), "A", 1)
    assert (first["change"], first["rank_change"]) == (pytest.approx(10), 1)
    assert (second["score"], second["band"], second["rank"]) == (pytest.approx(50), "B", 2)
    assert (second["change"], second["rank_change"]) == (pytest.approx(-30), -1)
    assert (third["score"], third["band"], third["status"]) == (pytest.approx(20), "D", "缺失/估算")
    assert third["missing_indicators"] == 1
    assert first["region_name"] == "滨江区"


def test_user_framework_score_table_by_code(user_setup):
    _own, db = user_setup

    output = _run("score", "--framework", "service_quality", "--period", "2025Q4", "--db", db)

    lines = output.splitlines()
    assert lines[0] == "窗口服务质量指数 · 2025年第4季度 · 加权算术平均"
    assert lines[1].split() == ["排名", "区县代码", "区县", "质量指数", "等级", "较上期(分)", "排名变化", "状态", "短板",
                                "缺失指标", "服务质量"]
    assert lines[3].split() == ["1/3", "990102", "滨江区", "80.0", "A", "+10.0", "↑1", "完整", "—", "0", "80.0"]
    assert lines[5].split() == ["3/3", "990104", "雁山县", "20.0", "D", "+0.0", "持平", "缺失/估算", "—", "1",
                                "20.0*"]


def test_user_framework_explain_names_the_batch_behind_each_value(user_setup):
    own, db = user_setup

    output = _run("explain", "--framework", str(own), "--period", "2025Q4", "--region", "990104", "--db", db)

    assert "雁山县(990104)· 2025年第4季度 · 质量指数 20.0 · 等级 D · 排名 3/3 · 较上期 +0.0" in output
    praise = next(line for line in output.splitlines() if "窗口好评比" in line).split()
    # 0.3 比值 → 30 points, weight 1/3 rescaled to 1/2 → 15 points of the index, reported in batch 2.
    assert praise == ["窗口好评比", "0.30", "比值", "30.0", "33%→50%", "15.0", "15.0", "填报", "2", "1", "区政务服务中心"]
    assert "无数据,权重已在维度内重新分配" in next(line for line in output.splitlines() if "回访比" in line)


def test_user_framework_sensitivity_single_dimension(user_setup):
    own, db = user_setup

    output = _run("sensitivity", "--framework", str(own), "--period", "2025Q4", "--draws", "200", "--format", "csv",
                  "--db", db)

    lines = output.strip().splitlines()
    assert lines[0] == "名义排名,区县代码,区县,质量指数,中位排名,排名下限(5%),排名上限(95%)"
    assert lines[1].startswith("1,990102,滨江区,80.0,1.0,1,")
    assert len(lines) == 4


def test_user_framework_geometric_option_and_csv(user_setup):
    own, db = user_setup

    output = _run("score", "-f", str(own), "-p", "2025Q4", "--aggregation", "geometric", "--format", "csv", "--db", db)

    # 滨江 geometric: (90·80·70)^(1/3) = 504000^(1/3) = 79.58.
    row = next(line for line in output.splitlines() if line.startswith("1,990102"))
    assert float(row.split(",")[3]) == pytest.approx(504000 ** (1 / 3), abs=1e-12)  # CSV keeps every digit


def test_explain_unknown_region_exits_1(user_setup):
    own, db = user_setup

    result = runner.invoke(app, ["explain", "-f", str(own), "-p", "2025Q4", "-r", "990199", "--db", db])

    assert result.exit_code == 1
    assert "区县 990199 在 2025Q4 期没有得分数据" in result.output


def test_frameworks_bad_file_reported_and_exit_1(user_setup, tmp_path):
    folder = tmp_path / "frameworks"
    (folder / "broken.toml").write_text(USER_FRAMEWORK.replace("hi = 1\nsource", "hi = 0\nsource", 1), encoding="utf-8")

    result = runner.invoke(app, ["frameworks"])

    assert result.exit_code == 1
    assert "service_quality" in result.output
    assert "无法使用的框架文件:broken.toml: dimensions[quality].indicators[praise_ratio].hi: hi (0) 必须大于 lo (0)" in result.output


def test_compute_scores_keeps_the_periods_asked_with_region_names(user_setup):
    own, db = user_setup
    framework, engine = load_framework(own), get_engine(db)

    every = compute_scores(engine, framework)
    q4 = compute_scores(engine, framework, periods="2025Q4", weights={"callback_ratio": 0})

    assert {"2025Q3", "2025Q4"} <= set(every.overall["period"])
    assert set(q4.overall["period"]) == {"2025Q4"}
    assert set(q4.indicators["region_name"]) == {"滨江区", "望湖区", "雁山县"}
    # Without 回访比 (weight 0): 滨江 (90 + 70)/2 = 80, and it is still compared with its 2025Q3 score (70).
    first = q4.overall.set_index("region_code").loc["990102"]
    assert (first["score"], first["change"]) == (pytest.approx(80), pytest.approx(10))
    audit = statistical_audit(framework, compute_scores(engine, framework, periods="2025Q4"), period="2025Q4")
    assert audit.coverage.set_index("region_code").loc["990104", "missing"] == ["callback_ratio"]


def test_explain_region_and_sensitivity_table_read_the_database(user_setup):
    own, db = user_setup
    framework, engine = load_framework(own), get_engine(db)

    tree = explain(framework, compute_scores(engine, framework, periods="2025Q4"), region_code="990103",
                   period="2025Q4")
    ranks = sensitivity_table(engine, framework, period="2025Q4", draws=50)

    # 望湖区 2025Q4: 0.6 → 60 points at weight 1/3 → 20 points of the index.
    praise = tree.set_index("code").loc["praise_ratio"]
    assert (praise["normalized"], praise["index_contribution"]) == (pytest.approx(60), pytest.approx(20))
    assert ranks.set_index("region_code").loc["990103", "region_name"] == "望湖区"
