"""AppTests of the score pages: 总览, 评估指数, 三网一基一指数, 方法与权重.

The numbers on each page are checked against ``compute_scores`` for the same selection, before and after the
period and region filters change; the drill-down is opened from a shared link; what-if weights rescore live.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from govdash import repository
from govdash.core import config, db
from govdash.domain import format as fmt
from govdash.frameworks import load_framework
from govdash.scoring import explain
from govdash.services import indexes
from tests.ui.conftest import AppAt, exceptions

OVERVIEW, INDEX, HEALTH, METHOD = "pages/overview.py", "pages/index_a.py", "pages/health.py", "pages/methodology.py"
FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"
XINGANG, HEMING, FENGQI = "990106", "990124", "990104"


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def scores_of(url: str, code: str, period: str, weights: dict[str, float] | None = None) -> pd.DataFrame:
    framework = load_framework(FRAMEWORKS / f"{code}.toml")
    result = indexes.compute_scores(db.get_engine(url), framework, periods=period, weights=weights)
    return result.overall.set_index("region_code")


def open_at(app_at: AppAt, page: str | None, **query: str) -> AppTest:
    at = app_at(page, **query)
    assert exceptions(at) == []
    return at


@pytest.mark.parametrize("page", [OVERVIEW, INDEX, HEALTH, METHOD])
def test_score_page_opens_with_charts_and_no_exception(app_at: AppAt, page: str):
    at = open_at(app_at, page)
    assert at.title
    assert charts(at) >= 1


def test_index_page_numbers_equal_the_engine_before_and_after_a_period_change(app_at: AppAt,
                                                                             demo_database_url: str):
    at = open_at(app_at, INDEX, period="2025Q4")
    expected = scores_of(demo_database_url, "digital_gov", "2025Q4")
    assert at.title[0].value == "数字政府建设成效评估指数"
    assert metric(at, "平均综合得分") == fmt.score(expected["score"].mean())
    ranking = table(at, "综合得分").set_index("区县代码")
    assert ranking.loc[expected.index, "综合得分"].round(1).equals(expected["score"].round(1))
    assert ranking.loc[HEMING, "状态"] == "数据不足"

    at.selectbox(key="filter_period").set_value("2025Q1").run()
    earlier = scores_of(demo_database_url, "digital_gov", "2025Q1")
    assert metric(at, "平均综合得分") == fmt.score(earlier["score"].mean())
    assert metric(at, "平均综合得分") != fmt.score(expected["score"].mean())


def test_index_page_one_district_shows_its_score_rank_and_weak_spot(app_at: AppAt, demo_database_url: str):
    at = open_at(app_at, INDEX, framework="district_health", region=XINGANG)
    row = scores_of(demo_database_url, "district_health", "2025Q4").loc[XINGANG]
    assert metric(at, "运行管理健康指数") == fmt.score(row["score"])
    assert metric(at, "排名") == fmt.rank(row["rank"], int(row["ranked_count"]))
    assert "新港区运行管理维度" in markdown(at) and "为短板" in markdown(at)

    at.selectbox(key="filter_region").set_value("990102").run()
    other = scores_of(demo_database_url, "district_health", "2025Q4").loc["990102"]
    assert metric(at, "运行管理健康指数") == fmt.score(other["score"])


def test_index_page_drill_down_from_a_shared_link_shows_tree_and_records(app_at: AppAt, demo_database_url: str):
    at = open_at(app_at, INDEX, district=XINGANG, indicator="full_online_rate")
    framework = load_framework(FRAMEWORKS / "digital_gov.toml")
    engine = db.get_engine(demo_database_url)
    tree = explain(framework, indexes.compute_scores(engine, framework, periods="2025Q4"), region_code=XINGANG,
                   period="2025Q4")
    shown = table(at, "有效权重")
    assert list(shown["得分"].round(1)) == list(tree["score"].astype(float).round(1))
    records = repository.records_behind(engine, "full_online_rate", region_code=XINGANG, period="2025Q4",
                                        framework=framework)
    assert f"共 {fmt.count(records.attrs['total'])} 条" in markdown(at)
    assert "新港区 · 指标明细" in markdown(at)


def test_index_page_shows_a_third_framework_dropped_into_the_folder(app_at: AppAt, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   demo_database_url: str):
    for name in ("digital_gov.toml", "district_health.toml"):
        shutil.copy(FRAMEWORKS / name, tmp_path / name)
    text = (FRAMEWORKS / "digital_gov.toml").read_text(encoding="utf-8")
    third = text.replace('code = "digital_gov"', 'code = "service_only"').replace(
        'name = "数字政府建设成效评估指数"', 'name = "服务效能专项指数"').replace("order = 1", "order = 3")
    (tmp_path / "service_only.toml").write_text(third, encoding="utf-8")
    monkeypatch.setenv("GOVDASH_FRAMEWORKS_DIR", str(tmp_path))
    config.get_settings.cache_clear()

    at = open_at(app_at, INDEX, framework="service_only")
    assert at.title[0].value == "服务效能专项指数"
    expected = indexes.compute_scores(db.get_engine(demo_database_url), load_framework(tmp_path / "service_only.toml"),
                                      periods="2025Q4").overall
    assert metric(at, "平均综合得分") == fmt.score(expected["score"].mean())


def test_health_page_cards_show_levels_weak_spots_and_missing_data(app_at: AppAt, demo_database_url: str):
    at = open_at(app_at, HEALTH)
    expected = scores_of(demo_database_url, "district_health", "2025Q4")
    text = markdown(at)
    assert at.title[0].value == "区级“三网一基一指数”运行管理健康指数"
    for code in expected.dropna(subset=["score"]).index:
        assert f"### {expected.loc[code, 'score']:.1f}" in text
    assert "数据不足" in text  # 鹤鸣县's card
    captions = "\n".join(c.value for c in at.caption)
    assert "新港区运行管理维度" in captions and "拖累" in captions
    assert metric(at, "已评分区县") == f"{expected['score'].notna().sum()} / {len(expected)}"


def test_health_page_ignores_the_sidebar_framework(app_at: AppAt, demo_database_url: str):
    at = open_at(app_at, HEALTH, framework="digital_gov", region=FENGQI)
    row = scores_of(demo_database_url, "district_health", "2025Q4").loc[FENGQI]
    assert metric(at, "运行管理健康指数") == fmt.score(row["score"])


def test_overview_page_puts_index_and_health_side_by_side(app_at: AppAt, demo_database_url: str):
    # 总览 is the default page: opened at the root address with a shared link's filters, as a reader arrives.
    at = open_at(app_at, None, period="2025Q4")
    assert at.title[0].value == "总览"
    both = table(at, "健康等级").set_index("区县代码")
    assert both.loc[HEMING, "健康等级"] == "—"
    assert "鹤鸣县数据不足" in markdown(at)

    at = open_at(app_at, None, period="2025Q3")
    index = scores_of(demo_database_url, "digital_gov", "2025Q3")
    health = scores_of(demo_database_url, "district_health", "2025Q3")
    assert metric(at, "平均综合得分") == fmt.score(index["score"].mean())
    both = table(at, "健康等级").set_index("区县代码")
    assert both.loc[health.index, "运行管理健康指数"].round(1).equals(health["score"].round(1))
    assert both.loc[index.index, "综合得分"].round(1).equals(index["score"].round(1))


def test_overview_page_one_district_shows_its_findings_and_radar(app_at: AppAt, demo_database_url: str):
    at = open_at(app_at, None, region=FENGQI)
    row = scores_of(demo_database_url, "digital_gov", "2025Q4").loc[FENGQI]
    assert metric(at, "综合得分") == fmt.score(row["score"])
    assert f"凤栖区综合得分 {fmt.score(row['score'])}" in markdown(at)


def test_methodology_what_if_weights_rescore_without_touching_the_file(app_at: AppAt, demo_database_url: str):
    before = (FRAMEWORKS / "digital_gov.toml").read_bytes()
    at = open_at(app_at, METHOD)
    assert table(at, "定义与公式")["代码"].tolist()[0] == "plan_documents"
    at.number_input(key="method_weights_service").set_value(100).run()
    assert exceptions(at) == []
    expected = scores_of(demo_database_url, "digital_gov", "2025Q4", weights={"service": 100.0})
    shown = table(at, "调整后综合得分").set_index("区县代码")
    assert shown.loc[expected.index, "调整后综合得分"].round(1).equals(expected["score"].round(1))
    assert (FRAMEWORKS / "digital_gov.toml").read_bytes() == before


def test_methodology_zero_weight_is_refused_on_the_page(app_at: AppAt):
    at = open_at(app_at, METHOD)
    at.number_input(key="method_weights_policy").set_value(0).run()
    assert any("权重须为正数" in e.value for e in at.error)
    assert not any("调整后综合得分" in d.value.columns for d in at.dataframe)


@pytest.mark.parametrize("page", [OVERVIEW, INDEX, HEALTH, METHOD])
def test_score_page_on_empty_database_says_what_to_import(empty_app_at: AppAt, page: str):
    at = empty_app_at(page)
    assert exceptions(at) == []
    assert any("导入" in i.value for i in at.info)


def test_methodology_shows_indicator_flags_as_the_cli_computes_them(app_at: AppAt, demo_database_url: str):
    from govdash.scoring.flags import indicator_flags

    at = open_at(app_at, METHOD)
    shown = table(at, "去掉后平均排名变化")
    framework = load_framework(FRAMEWORKS / "digital_gov.toml")
    result = indexes.compute_scores(db.get_engine(demo_database_url), framework, periods="2025Q4")
    expected = indicator_flags(framework, result, period="2025Q4")
    assert len(shown) == len(expected)
    flagged = int(expected["flags"].map(bool).sum())
    assert (shown["标记"] != "—").sum() == flagged
    assert f"{len(expected)} 项指标中 **{flagged}** 项有标记" in markdown(at)


def test_methodology_shows_sobol_indices_and_the_districts_sentence(app_at: AppAt):
    at = open_at(app_at, METHOD, region=XINGANG)
    indices = table(at, "总效应指数 ST(%)")
    assert sorted(indices["来源"]) == sorted(["权重", "归一化方法", "汇总方法", "缺失值估算"])
    sentences = table(at, "排名区间(5%–95%)").set_index("区县代码")
    assert any(i.value.startswith("新港区") and sentences.loc[XINGANG, "说明"] in i.value for i in at.info)
    assert "缺失值估算" in markdown(at) and "异常值处理" in markdown(at)


STREETS = ["990102001", "990102002", "990102003", "990121100", "990121200"]
CENTRAL = ["990102", "990103", "990104", "990105"]


def test_index_page_at_street_level_ranks_the_streets_among_themselves(app_at: AppAt, demo_database_url: str):
    at = open_at(app_at, INDEX, framework="district_health", level="street")
    ranking = table(at, "区县代码").set_index("区县代码")
    assert sorted(ranking.index) == STREETS  # no 区县 among them
    assert metric(at, "已评分街道").endswith(f" / {len(STREETS)}")  # counted as 街道, not 区县
    framework = load_framework(FRAMEWORKS / "district_health.toml")
    expected = indexes.compute_scores(db.get_engine(demo_database_url), framework, periods="2025Q4",
                                      level="street").overall
    assert sorted(expected["region_code"]) == STREETS
    assert at.query_params["level"] == "street"


def test_index_page_ranks_within_a_peer_group_when_asked(app_at: AppAt, demo_database_url: str):
    at = open_at(app_at, INDEX, period="2025Q4")
    at.sidebar.toggle(key="filter_peer").set_value(True).run()
    at.sidebar.selectbox(key="filter_group").select("中心城区").run()
    assert exceptions(at) == [] and at.query_params["group"] == "中心城区"
    ranking = table(at, "综合得分").set_index("区县代码")
    assert sorted(ranking.index) == CENTRAL
    framework = load_framework(FRAMEWORKS / "digital_gov.toml")
    expected = indexes.compute_scores(db.get_engine(demo_database_url), framework, periods="2025Q4",
                                      peer_group="中心城区").overall.set_index("region_code")
    assert sorted(expected.index) == CENTRAL
    assert ranking.loc[CENTRAL, "综合得分"].round(1).equals(expected.loc[CENTRAL, "score"].round(1))
    assert ranking.loc[CENTRAL, "排名"].astype("Int64").tolist() == expected.loc[CENTRAL, "rank"].astype("Int64").tolist()
    assert set(ranking["排名"].dropna()) <= {1, 2, 3, 4}  # ranked among the four, not among all 14


def test_overview_page_regional_difference_equals_the_scores_and_trends(app_at: AppAt, demo_database_url: str):
    from govdash.scoring.disparity import d_cv, d_gini, d_theil

    at = open_at(app_at, None, period="2025Q4", framework="digital_gov")
    assert "区域差异" in [h.value for h in at.subheader]
    now = scores_of(demo_database_url, "digital_gov", "2025Q4")["score"].dropna()
    before = scores_of(demo_database_url, "digital_gov", "2025Q3")["score"].dropna()
    assert metric(at, "极差") == f"{now.max() - now.min():.1f} 分"
    assert metric(at, "基尼系数") == f"{d_gini(now):.3f}"
    assert metric(at, "泰尔指数") == f"{d_theil(now):.3f}" and metric(at, "变异系数") == f"{d_cv(now):.3f}"
    gini = next(m for m in at.metric if m.label == "基尼系数")
    assert gini.proto.delta == f"{d_gini(now) - d_gini(before):+.3f}"
    trend = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                 if any(t.get("name") == "基尼系数" for t in json.loads(c.proto.spec)["data"]))
    ginis = next(t for t in trend["data"] if t["name"] == "基尼系数")
    assert ginis["x"][-2:] == ["2025年第3季度", "2025年第4季度"]
