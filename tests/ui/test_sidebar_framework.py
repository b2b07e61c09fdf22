"""The sidebar offers the framework selector only where the page follows it, and keeps the choice for those pages."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import AppAt, exceptions

LABEL = "评估框架"


def framework_selectors(at: AppTest) -> list:
    return [box for box in at.sidebar.selectbox if box.label == LABEL]


def test_health_page_names_its_own_framework_instead_of_offering_one_it_ignores(app_at: AppAt):
    at = app_at("pages/health.py", framework="example_rules", period="2025Q4")
    assert exceptions(at) == []
    assert framework_selectors(at) == []
    assert [box.label for box in at.sidebar.selectbox] == ["评估期", "层级", "地区范围"]
    captions = [c.value for c in at.sidebar.caption]
    assert any("区级“三网一基一指数”运行管理健康指数" in c and "本页固定" in c for c in captions)
    assert at.title[0].value == "区级“三网一基一指数”运行管理健康指数"
    assert "framework" not in at.query_params  # the address reproduces the page without it
    assert at.query_params["period"] == "2025Q4"


def test_record_pages_show_no_framework_selector(app_at: AppAt):
    for page in ("pages/evaluations.py", "pages/surveys.py", "pages/data_sharing.py"):
        at = app_at(page)
        assert exceptions(at) == [], page
        assert framework_selectors(at) == [], page
        assert [box.label for box in at.sidebar.selectbox] == ["评估期", "层级", "地区范围"], page


def test_framework_chosen_on_the_index_page_survives_a_visit_to_the_health_page(app_at: AppAt):
    at = app_at("pages/index_a.py")
    (selector,) = framework_selectors(at)
    selector.set_value("example_rules").run()
    assert at.title[0].value == "【示例】考核计分规则演示"
    at.switch_page("pages/health.py").run()
    assert framework_selectors(at) == []
    assert at.title[0].value == "区级“三网一基一指数”运行管理健康指数"
    at.switch_page("pages/index_a.py").run()
    assert exceptions(at) == []
    (selector,) = framework_selectors(at)
    assert selector.value == "example_rules"
    assert at.title[0].value == "【示例】考核计分规则演示"
    assert at.query_params["framework"] == "example_rules"
