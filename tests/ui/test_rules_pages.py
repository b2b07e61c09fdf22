"""The example framework's scoring rules on the pages: 方法与权重 describes each rule, the ranking shows the veto."""

from __future__ import annotations

from govdash.core import db
from govdash.frameworks import resolve_framework
from govdash.services import indexes
from tests.ui.conftest import AppAt, exceptions


def test_method_page_describes_every_rule_of_the_example_framework(app_at: AppAt):
    at = app_at("pages/methodology.py", framework="example_rules")

    assert exceptions(at) == []
    text = "\n".join(m.value for m in at.markdown)
    assert "**扣分项**:每起扣 2 分,最多扣 10 分(从综合得分中扣除,扣后不低于 0 分)。这类指标不参与加权。" in text
    assert "**加分项**:每项加 0.2 分,最多加 3 分(加到综合得分上,不超过 100 分)。这类指标不参与加权。" in text
    assert "**一票否决**:等保测评通过率 < 50 时,等级定为“不合格”,得分不超过 59 分" in text
    rules = next(d.value for d in at.dataframe if "计分规则" in d.value.columns).set_index("代码")["计分规则"]
    assert rules["full_online_rate"].startswith("目标值 90 %:达到目标值得满分")
    assert rules["zero_visit_rate"].startswith("名次计分:第 1–5 名依次得 60/57/54/51/48 分,其后每名再减 3 分")
    assert rules["online_volume_ratio"].startswith("第一名满分")
    bands = next(d.value for d in at.dataframe if "细分等级" in d.value.columns)
    assert list(bands["细分等级"][:4]) == ["—", "优秀一档", "优秀二档", "优秀三档"]


def test_index_page_shows_the_vetoed_grade(app_at: AppAt, demo_database_url: str):
    overall = indexes.compute_scores(db.get_engine(demo_database_url), resolve_framework("example_rules"),
                                     periods="2025Q4").overall.set_index("region_code")
    vetoed = overall[overall["veto"].notna()]
    assert not vetoed.empty and (vetoed["band"] == "不合格").all() and (vetoed["score"] <= 59).all()

    at = app_at("pages/index_a.py", framework="example_rules", period="2025Q4")

    assert exceptions(at) == []
    ranking = next(d.value for d in at.dataframe if "等级" in d.value.columns).set_index("区县代码")
    assert (ranking.loc[vetoed.index, "等级"] == "不合格").all()
