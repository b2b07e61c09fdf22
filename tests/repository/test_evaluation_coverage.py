"""事项覆盖度 and 部门覆盖度: items and 实施部门 of the service list reached by at least one evaluation."""

from datetime import datetime

import pytest

from govdash.repository import compute_metrics, materialized, records_behind, stored_refresh
from tests.repository.factories import EAST, WEST, has_metric, metric_row

pytestmark = pytest.mark.pg

ITEM, DEPARTMENT = "evaluation.item_coverage", "evaluation.department_coverage"
SPRING = datetime(2025, 5, 6, 10, 0)


def seed_coverage(seed):
    """东区 2025Q3 lists four items of three departments; 西区 lists one item and has no evaluations.

    Evaluations of 2025Q3: two of item A (市场监管局), one of item C (民政局), one of an item not on the list whose
    department (公安局) is not on it either. One evaluation of item D (人社局) falls in 2025Q2.
    Returns the batch ids: the item list, the Q3 evaluations, the Q2 evaluation.
    """
    items = seed.items({"code": "A", "department": "市场监管局"}, {"code": "B", "department": "市场监管局"},
                       {"code": "C", "department": "民政局"}, {"code": "D", "department": "人社局"})
    seed.items({"code": "W", "department": "民政局"}, region=WEST)
    summer = seed.evaluations({"item_code": "A", "department": "市场监管局"},
                              {"item_code": "A", "department": "市场监管局", "rating": 1},
                              {"item_code": "C", "department": "民政局"},
                              {"item_code": "X", "department": "公安局"})
    spring = seed.evaluations({"item_code": "D", "department": "人社局", "evaluated_at": SPRING})
    return items, summer, spring


@pytest.mark.parametrize(("metric", "period", "expected", "numerator", "denominator"), [
    (ITEM, "2025Q3", 50.0, 2, 4),              # A and C of A, B, C, D; X is not on the list
    (DEPARTMENT, "2025Q3", 100 * 2 / 3, 2, 3),  # 市场监管局 and 民政局 of three; 公安局 is not on the list
    # The year reads the latest list (2025Q3) and every evaluation of the year: D was evaluated in Q2.
    (ITEM, "2025", 75.0, 3, 4),                # A, C, D of four
    (DEPARTMENT, "2025", 100.0, 3, 3),
])
def test_evaluation_coverage_hand_computed(engine, seed, metric, period, expected, numerator, denominator):
    items, summer, spring = seed_coverage(seed)
    row = metric_row(compute_metrics(engine, periods=[period]), metric, period=period)
    assert row["value"] == pytest.approx(expected)
    assert (row["numerator"], row["denominator"]) == (numerator, denominator)
    assert row["record_count"] == denominator
    batches = {items, summer} if period == "2025Q3" else {items, summer, spring}
    assert row["batch_ids"] == ",".join(str(b) for b in sorted(batches))


def test_evaluation_coverage_absent_without_evaluations_or_list(engine, seed):
    seed_coverage(seed)
    result = compute_metrics(engine, periods=["2025Q3", "2025Q2"])
    # 西区 lists an item but has no evaluations: its 好差评 are missing, not 0 %.
    assert not has_metric(result, ITEM, region=WEST) and not has_metric(result, DEPARTMENT, region=WEST)
    # 东区 has an evaluation in Q2 but no Q2 list: nothing to divide by.
    assert not has_metric(result, ITEM, period="2025Q2")


def test_evaluation_coverage_stored_equals_computed(engine, seed):
    seed_coverage(seed)
    live = compute_metrics(engine, periods=["2025Q3", "2025"], metrics=[ITEM, DEPARTMENT])
    stored_refresh.refresh(engine)
    assert materialized.is_current(engine)
    stored = compute_metrics(engine, periods=["2025Q3", "2025"], metrics=[ITEM, DEPARTMENT])
    assert len(stored) == 4
    assert stored.to_dict("records") == live.to_dict("records")


def test_evaluation_coverage_records_list_the_unevaluated_first(engine, seed):
    seed_coverage(seed)
    items = records_behind(engine, ITEM, region_code=EAST, period="2025Q3")
    assert items[["事项编码", "评价数", "计入分子"]].values.tolist() == [
        ["B", 0, "否"], ["D", 0, "否"], ["A", 2, "是"], ["C", 1, "是"]]
    departments = records_behind(engine, DEPARTMENT, region_code=EAST, period="2025Q3")
    assert departments[["实施部门", "评价数", "计入分子"]].values.tolist() == [
        ["人社局", 0, "否"], ["市场监管局", 2, "是"], ["民政局", 1, "是"]]


NEW_METRICS = {"active_rate": "evaluation.active_rate", "real_name_callback": "evaluation.real_name_callback_rate",
               "unfounded": "evaluation.bad_unfounded_count", "item_coverage": ITEM, "department_coverage": DEPARTMENT}


def test_new_evaluation_metrics_weigh_into_the_district_health_tongban_pillar(engine, seed):
    """The shipped 三网一基一指数 file with the 好差评 metrics added to 一网通办 loads, values them and drills down."""
    import tomllib
    from pathlib import Path

    from govdash.frameworks import Framework
    from govdash.repository import indicator_values

    path = Path(__file__).resolve().parents[2] / "data" / "frameworks" / "district_health.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tongban = next(d for d in data["dimensions"] if d["code"] == "tongban")
    tongban["indicators"] += [{"code": code, "name": code, "unit": "条" if "count" in metric else "%", "lo": 0,
                               "hi": 100, "metric": metric} for code, metric in NEW_METRICS.items()]
    framework = Framework.model_validate(data)
    seed_coverage(seed)
    values = indicator_values(engine, framework, periods=["2025Q3"], regions=[EAST]).set_index("indicator_code")
    assert values.loc["item_coverage", "value"] == pytest.approx(50.0)
    assert values.loc["department_coverage", "value"] == pytest.approx(100 * 2 / 3)
    assert values.loc["unfounded", "value"] == 0.0
    behind = records_behind(engine, "item_coverage", region_code=EAST, period="2025Q3", framework=framework)
    assert behind.attrs["total"] == 4
