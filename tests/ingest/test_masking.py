"""ID numbers and mobile numbers in comments are masked before storage."""

from __future__ import annotations

import pytest

from govdash.ingest.masking import mask_text
from tests.ingest.conftest import EVALUATION_HEADER, csv_bytes, rows_of


@pytest.mark.parametrize(("text", "masked"), [
    ("身份证号110101199003071234请核实", "身份证号110101********1234请核实"),
    ("证件 11010119900307123X", "证件 110101********123X"),
    ("老证 110101900307123 号", "老证 110101*****7123 号"),
    ("电话13812345678", "电话138****5678"),
    ("电话 138-1234-5678 或 +86 139 1234 5678", "电话 138****5678 或 +86 139****5678"),
    ("订单号 1234567890123456789012 不是证件", "订单号 1234567890123456789012 不是证件"),
    ("座机 010-12345678,等了 45 分钟", "座机 010-12345678,等了 45 分钟"),
])
def test_mask_text(text, masked):
    assert mask_text(text) == masked


def test_import_comments_masked_with_one_warning_per_row(regions, engine, import_bytes):
    data = csv_bytes(EVALUATION_HEADER, [
        "HP1,990101,窗口,不满意,2025-03-05,我的身份证110101199003071234 手机13812345678,",
        "HP2,990101,窗口,满意,2025-03-05,很好,",
        "HP3,990101,窗口,满意,2025-03-05,联系 15900001111,",
    ])
    result = import_bytes("evaluations", data)
    assert result.status == "imported"
    comments = [r["comment"] for r in rows_of(engine, "evaluation")]
    assert comments == ["我的身份证110101********1234 手机138****5678", "很好", "联系 159****1111"]
    warnings = [(w.row, w.column) for w in result.report.warnings]
    assert warnings == [(2, "评价内容"), (4, "评价内容")]
    assert "1990" not in "".join(w.value or "" for w in result.report.warnings)


def test_inspect_file_preview_masks_phones_and_ids_in_every_text_column():
    from govdash.services.imports import inspect_file

    raw = ("评价编号,区县代码,评价渠道,评价等级,评价时间,评价内容\n"
           "P1,990102,移动端,满意,2025-11-03 10:00,请回电 13812345678 或查 110101199003071234\n").encode()
    preview = inspect_file(raw, file_name="好差评.csv")
    shown = " ".join(str(v) for v in preview.rows.iloc[0].tolist())
    assert "13812345678" not in shown and "138****5678" in shown
    assert "110101199003071234" not in shown and "110101********1234" in shown
    assert preview.rows.iloc[0]["区县代码"] in ("990102", 990102)  # codes are not mistaken for phones
