"""Raw indicator values read as people write them: 是/否 for 0/1, whole counts, one decimal for rates."""

from __future__ import annotations

import pandas as pd
import pytest

from govdash.domain import format as fmt
from govdash.ui.score_views import tree_frame


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (0.0, "0/1", "否"), (1.0, "0/1", "是"), (5.0, "件", "5 件"), (12.0, "项", "12 项"), (2.5, "件", "2.5 件"),
    (92.37, "%", "92.4%"), (3.5, "h", "3.5 h"), (1234.0, "次", "1,234 次"), (7.25, None, "7.25"), (None, "%", "—"),
])
def test_raw_value_formats_by_unit(value, unit, shown):
    assert fmt.raw_value(value, unit) == shown.replace("—", fmt.MISSING)


def test_tree_frame_never_shows_a_unit_glued_to_decimals():
    tree = pd.DataFrame({
        "level": ["indicator", "indicator"], "name": ["统筹机构", "规范数"], "unit": ["0/1", "件"], "raw": [0.0, 5.0],
        "score": [0.0, 50.0], "weight": [0.5, 0.5], "effective_weight": [0.5, 0.5],
        "index_contribution": [0.0, 2.5], "provenance": ["reported", "reported"], "batch_ids": ["1", "1"],
        "record_count": [1, 1], "flag": [None, None], "status": [None, None],
    })
    assert tree_frame(tree)["原始值"].tolist() == ["否", "5 件"]
