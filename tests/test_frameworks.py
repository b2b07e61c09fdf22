"""Framework files: the shipped ones load, and a bad file is refused naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from govdash.frameworks import (
    FrameworkError,
    list_frameworks,
    load_framework,
    reported_indicators,
    resolve_framework,
    scan_frameworks,
)

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "frameworks"

MINIMAL = """
[framework]
code = "mini"
name = "小框架"

[[bands]]
label = "好"
min = 60

[[bands]]
label = "差"
min = 0

[[dimensions]]
code = "alpha"
name = "甲"
weight = 1

[[dimensions.indicators]]
code = "first"
name = "指标一"
lo = 0
hi = 100
weight = 1
source = "reported"

[[dimensions.indicators]]
code = "second"
name = "指标二"
lo = 0
hi = 100
weight = 1
metric = "service.full_online_rate"
"""


def _write(tmp_path: Path, text: str, name: str = "mini.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(FrameworkError) as caught:
        load_framework(_write(tmp_path, text))
    return str(caught.value)


def test_shipped_frameworks_load_with_their_dimensions_in_order():
    frameworks = list_frameworks(SHIPPED)

    assert list(frameworks) == ["digital_gov", "district_health", "example_rules"]
    assert [d.code for d in frameworks["digital_gov"].dimensions] == [
        "readiness", "service", "satisfaction", "governance", "data", "policy"]
    assert [d.weight for d in frameworks["district_health"].dimensions] == [25, 20, 20, 15, 20]
    assert frameworks["district_health"].weak_spot is not None
    assert frameworks["district_health"].weak_spot.threshold == 60


def test_minimal_framework_loads_and_infers_sources(tmp_path):
    framework = load_framework(_write(tmp_path, MINIMAL))

    assert framework.code == "mini"
    sources = {i.code: i.source for _d, i in framework.indicators}
    assert sources == {"first": "reported", "second": "metric"}
    assert list(reported_indicators({"mini": framework})) == ["first"]


def test_load_framework_unknown_metric_names_file_and_key(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace("service.full_online_rate", "service.no_such_rate"))

    assert message.startswith("mini.toml: dimensions[alpha].indicators[second].metric:")
    assert "service.no_such_rate" in message


@pytest.mark.parametrize("weight", ["0", "-2"])
def test_load_framework_non_positive_indicator_weight_refused(tmp_path, weight):
    text = MINIMAL.replace('hi = 100\nweight = 1\nsource = "reported"', f'hi = 100\nweight = {weight}\nsource = "reported"')

    message = _refused(tmp_path, text)

    assert "mini.toml: dimensions[alpha].indicators[first].weight: 权重必须为正数" in message


def test_load_framework_non_positive_dimension_weight_refused(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace('name = "甲"\nweight = 1', 'name = "甲"\nweight = 0'))

    assert "mini.toml: dimensions[alpha].weight: 权重必须为正数,当前为 0" in message


def test_load_framework_duplicate_band_cutoffs_refused(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace("min = 60", "min = 0"))

    assert message == "mini.toml: bands: 等级区间重叠:下限 0 出现了不止一次(第 6 行)"


def test_load_framework_duplicate_band_labels_refused(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace('label = "差"', 'label = "好"'))

    assert message == "mini.toml: bands: 等级名称重复:好(第 6 行)"


def test_load_framework_bands_not_reaching_zero_refused(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace('label = "差"\nmin = 0', 'label = "差"\nmin = 10'))

    assert "mini.toml: bands: 等级区间须覆盖 0 分" in message


def test_load_framework_bands_on_unit_scale_refused_with_hint(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace("min = 60", "min = 0.75"))

    assert "mini.toml: bands: 等级下限按 0–100 分计" in message
    assert "75" in message


def test_load_framework_duplicate_indicator_codes_refused(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace('code = "second"', 'code = "first"'))

    assert message == "mini.toml: dimensions: 维度 alpha 的指标代码重复:first(第 14 行)"


def test_load_framework_indicator_code_reused_across_dimensions_refused(tmp_path):
    text = MINIMAL + """
[[dimensions]]
code = "beta"
name = "乙"
weight = 1

[[dimensions.indicators]]
code = "first"
name = "指标一again"
lo = 0
hi = 1
source = "reported"
"""
    message = _refused(tmp_path, text)

    assert message == "mini.toml: dimensions: 指标代码(跨维度)重复:first(第 14 行)"


def test_load_framework_dimension_code_equal_to_indicator_code_refused(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace('code = "alpha"', 'code = "first"'))

    assert message == "mini.toml: dimensions: 维度与指标共用的代码重复:first(第 14 行)"


def test_load_framework_goalpost_hi_not_above_lo_refused(tmp_path):
    text = MINIMAL.replace('lo = 0\nhi = 100\nweight = 1\nsource', 'lo = 5\nhi = 5\nweight = 1\nsource')

    message = _refused(tmp_path, text)

    assert message == "mini.toml: dimensions[alpha].indicators[first].hi: hi (5) 必须大于 lo (5)(第 23 行)"


def test_load_framework_goalpost_without_hi_refused(tmp_path):
    text = MINIMAL.replace('lo = 0\nhi = 100\nweight = 1\nsource', 'lo = 0\nweight = 1\nsource')

    message = _refused(tmp_path, text)

    assert message == "mini.toml: dimensions[alpha].indicators[first]: goalpost 归一化须给出 lo 和 hi(第 19 行)"


def test_load_framework_unknown_key_refused_with_suggestion(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace('weight = 1\nsource = "reported"', 'wieght = 1\nsource = "reported"'))

    assert message == "mini.toml: dimensions[alpha].indicators[first].wieght: 无法识别的键,是否应为“weight”?(第 24 行)"


def test_load_framework_bad_choice_explained_in_chinese(tmp_path):
    message = _refused(tmp_path, MINIMAL.replace('source = "reported"', 'source = "reported"\ndirection = "down"'))

    assert message.startswith("mini.toml: dimensions[alpha].indicators[first].direction: 取值须为")
    assert "'positive'" in message


def test_load_framework_reports_every_error_one_per_line(tmp_path):
    text = MINIMAL.replace("service.full_online_rate", "nope.metric").replace("min = 60", "min = 0")

    lines = _refused(tmp_path, text).splitlines()

    assert len(lines) == 2
    assert all(line.startswith("mini.toml: ") for line in lines)


def test_load_framework_broken_toml_names_file(tmp_path):
    message = _refused(tmp_path, MINIMAL + "\n[[bands]\n")

    # MINIMAL is 33 lines (the first empty); the appended text adds an empty line 34, then "[[bands]" on line 35,
    # whose 8th column is where the missing "]" should be.
    assert message == "mini.toml: TOML 格式错误,第 35 行第 8 列:数组表头缺少结尾的“]]”"


def test_scan_frameworks_keeps_good_files_and_reports_bad_ones(tmp_path):
    _write(tmp_path, MINIMAL, "a_good.toml")
    _write(tmp_path, MINIMAL.replace("weight = 1\nsource", "weight = -1\nsource"), "b_bad.toml")
    _write(tmp_path, MINIMAL, "c_same_code.toml")

    frameworks, errors = scan_frameworks(tmp_path)

    assert list(frameworks) == ["mini"]
    assert len(errors) == 2
    assert errors[0].startswith("b_bad.toml: dimensions[alpha].indicators[first].weight")
    assert errors[1].startswith("c_same_code.toml: framework.code")
    with pytest.raises(FrameworkError):
        list_frameworks(tmp_path)


def test_resolve_framework_by_code_or_by_path(tmp_path):
    outside = _write(tmp_path, MINIMAL, "mine.toml")

    assert resolve_framework("district_health", SHIPPED).code == "district_health"
    assert resolve_framework(str(outside), SHIPPED).code == "mini"


def test_resolve_framework_unknown_code_lists_the_known_ones():
    with pytest.raises(FrameworkError, match="未找到评估框架“nope”,可选:digital_gov、district_health、example_rules"):
        resolve_framework("nope", SHIPPED)


def test_scan_frameworks_unreadable_entries_are_messages_not_tracebacks(tmp_path):
    _write(tmp_path, MINIMAL, "a_good.toml")
    (tmp_path / "b_folder.toml").mkdir()
    (tmp_path / "c_gbk.toml").write_bytes(MINIMAL.encode("gb18030"))

    frameworks, errors = scan_frameworks(tmp_path)

    assert list(frameworks) == ["mini"]
    assert errors == ["b_folder.toml: 这是一个文件夹,不是框架文件", "c_gbk.toml: 文件须为 UTF-8 编码"]


def test_load_framework_error_in_a_later_indicator_points_at_its_line(tmp_path):
    # The second indicator's table opens on line 27 ("[[dimensions.indicators]]" is line 46 of this test file,
    # MINIMAL's line 1 is line 20), and its metric key is line 33.
    message = _refused(tmp_path, MINIMAL.replace("service.full_online_rate", "service.nope"))

    assert message.endswith("(第 33 行)")


@pytest.mark.parametrize(("line", "message"), [
    ("range = [0, 1, 2]", "range: 最多只能有 2 项"),
    ("range = [1, 0]", "取值范围的上限 (0) 必须大于下限 (1)"),
    ("range = [0, 1]\nmax = 2", "取值范围只能写一种"),
    ("target = 0", "target: 必须大于 0"),
])
def test_load_framework_bad_range_or_target_explained_in_chinese(tmp_path, line, message):
    text = MINIMAL.replace('weight = 1\nsource = "reported"', f'weight = 1\nsource = "reported"\n{line}')

    assert message in _refused(tmp_path, text)


def test_framework_ranking_peer_group_is_read_and_defaults_off():
    from govdash.frameworks import Framework

    base = {"framework": {"code": "p", "name": "同类组框架"}, "bands": [{"label": "高", "min": 0}],
            "dimensions": [{"code": "d", "name": "维度", "weight": 1, "indicators": [
                {"code": "i", "name": "指标", "unit": "%", "lo": 0, "hi": 100, "metric": "evaluation.good_rate"}]}]}
    assert Framework.model_validate(base).ranking.peer_group is False
    assert Framework.model_validate({**base, "ranking": {"peer_group": True}}).ranking.peer_group is True
    with pytest.raises(ValueError, match="peer_groups"):
        Framework.model_validate({**base, "ranking": {"peer_groups": True}})
