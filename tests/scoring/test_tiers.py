"""Nested bands: UN-EGDI groups split into four rating classes, and a five-tier scheme, worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from govdash.frameworks import FrameworkError, load_framework
from govdash.scoring import score
from govdash.scoring.tiers import assign_classes, band_text
from tests.scoring.factories import indicator, make_framework, overall_of, raw_values

# UN-EGDI on the 0–100 scale: very high ≥ 75, high ≥ 50, middle ≥ 25, low; each group split into four equal
# classes named from the lowest up (very high: V1 75, V2 81.25, V3 87.5, VH 93.75).
EGDI = [
    {"label": "非常高", "min": 75, "split": ["V1", "V2", "V3", "VH"]},
    {"label": "高", "min": 50, "split": ["H1", "H2", "H3", "HV"]},
    {"label": "中", "min": 25, "split": ["M1", "M2", "M3", "MH"]},
    {"label": "低", "min": 0, "split": ["L1", "L2", "L3", "LM"]},
]
FIVE_TIERS = [{"label": "优秀", "min": 90}, {"label": "良好", "min": 80}, {"label": "中等", "min": 70},
              {"label": "合格", "min": 60}, {"label": "不合格", "min": 0}]


def _one_indicator(bands: list) -> object:
    return make_framework({"d": (1, [indicator("x")])}, bands=bands)


def test_split_makes_four_equal_classes_per_group():
    framework = _one_indicator(EGDI)

    very_high = next(b for b in framework.bands if b.label == "非常高")
    # (100 − 75) / 4 = 6.25 points per class: 75, 81.25, 87.5, 93.75.
    assert [(c.label, c.min) for c in very_high.classes] == [("V1", 75), ("V2", 81.25), ("V3", 87.5), ("VH", 93.75)]
    middle = next(b for b in framework.bands if b.label == "中")
    # (50 − 25) / 4 = 6.25: 25, 31.25, 37.5, 43.75.
    assert [c.min for c in middle.classes] == [25, 31.25, 37.5, 43.75]


@pytest.mark.parametrize(("value", "band", "rating_class"), [
    (93.75, "非常高", "VH"),  # exactly at the cut-off: the higher class
    (93.7, "非常高", "V3"),
    (81.3, "非常高", "V2"),
    (75, "非常高", "V1"),
    (74.94, "高", "HV"),      # shown as 74.9: 68.75 ≤ 74.9 < 75
    (74.99, "非常高", "V1"),  # shown as 75.0, so graded as 75: band and class go by the score as displayed
    (50, "高", "H1"),
    (31.3, "中", "M2"),
    (0, "低", "L1"),
    (100, "非常高", "VH"),
])
def test_scores_get_their_group_and_class(value, band, rating_class):
    result = score(_one_indicator(EGDI), raw_values({"990101": {"x": value}}))

    row = overall_of(result, "990101")
    assert (row["band"], row["band_class"]) == (band, rating_class)
    assert band_text(row["band"], row["band_class"]) == f"{band} · {rating_class}"


def test_explicit_classes_and_a_band_without_classes():
    bands = [{"label": "好", "min": 60, "classes": [{"label": "好+", "min": 90}, {"label": "好", "min": 60}]},
             {"label": "差", "min": 0}]
    framework = _one_indicator(bands)

    classes = assign_classes(np.array([95.0, 60.0, 59.9, np.nan]), framework.bands)

    assert list(classes) == ["好+", "好", None, None]
    assert band_text("差", None) == "差"
    assert band_text(None, None) is None


def test_five_named_tiers_grade_as_declared():
    # 90 优秀, 80–90 良好, 70–80 中等, 60–70 合格, below 60 不合格.
    result = score(_one_indicator(FIVE_TIERS), raw_values({"a": {"x": 90}, "b": {"x": 89.9}, "c": {"x": 70},
                                                           "d": {"x": 65}, "e": {"x": 12}}))

    bands = result.overall.set_index("region_code")["band"].to_dict()
    assert bands == {"a": "优秀", "b": "良好", "c": "中等", "d": "合格", "e": "不合格"}
    assert result.overall["band_class"].isna().all()


def _refused(tmp_path, bands_toml: str) -> str:
    path = tmp_path / "egdi.toml"
    path.write_text(f"""[framework]
code = "egdi"
name = "EGDI"
{bands_toml}
[[dimensions]]
code = "d"
name = "维度"
weight = 1

[[dimensions.indicators]]
code = "x"
name = "指标"
lo = 0
hi = 100
source = "reported"
""", encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    return str(caught.value)


def test_classes_not_starting_at_the_band_minimum_refused(tmp_path):
    message = _refused(tmp_path, """
[[bands]]
label = "高"
min = 50
classes = [{ label = "H2", min = 60 }]

[[bands]]
label = "低"
min = 0
""")
    assert message == "egdi.toml: bands: 等级“高”的细分等级须从该等级的下限 50 开始,最低一档的 min 应为 50(第 5 行)"  # the first [[bands]] header


def test_classes_beyond_the_band_refused(tmp_path):
    message = _refused(tmp_path, """
[[bands]]
label = "高"
min = 50
split = ["H1", "H2"]

[[bands]]
label = "低"
min = 0
classes = [{ label = "L1", min = 0 }, { label = "L2", min = 55 }]
""")
    assert message.startswith("egdi.toml: bands: 等级“低”的细分等级下限 55 不在该等级的区间 0–50 内")


def test_split_and_classes_together_refused(tmp_path):
    message = _refused(tmp_path, """
[[bands]]
label = "全部"
min = 0
split = ["A", "B"]
classes = [{ label = "A", min = 0 }]
""")
    assert "等级“全部”的细分只能写一种" in message
