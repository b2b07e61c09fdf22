"""The 数据上传 page in AppTest: validation report, confirmation, import, refusal, and text never read as HTML."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from govdash.auth import Actor
from govdash.auth.audit import audit_entries
from govdash.core import models
from govdash.services.uploads import authorized_import
from tests.auth.conftest import REGIONS_CSV, count, evaluations_csv, make_user
from tests.ui.conftest import open_app

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "upload.py")
SHELL_PATH = "pages/upload.py"
HOSTILE = "<b>x</b><script>alert(1)</script>"


@pytest.fixture
def evaluator(engine) -> Actor:
    admin = make_user(engine, "root", "admin")
    assert authorized_import(engine, admin, "regions", REGIONS_CSV, file_name="regions.csv").ok
    return make_user(engine, "eva", "evaluator")


def run_directly(user: Actor | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if user is not None:
        at.session_state["auth_user"] = user
    return at.run()


def open_page(user: Actor | None) -> AppTest:
    """Open the page the way a browser does: through app.py and the role-built navigation."""
    return open_app(SHELL_PATH, user=user)


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader[0].upload(name, content, "text/csv")
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def issues(at: AppTest):
    return next(d.value for d in at.dataframe if "问题" in d.value.columns)


def test_upload_page_good_gbk_file_validates_then_imports(engine, evaluator):
    at = upload(open_page(evaluator), "hp.csv", evaluations_csv("HP1", "HP2", "HP3"))
    assert not at.exception
    assert any("编码:GBK/GB18030(自动识别)" in c.value.replace("\\", "") for c in at.caption)
    assert (metric(at, "数据行数"), metric(at, "错误"), metric(at, "警告")) == ("3", "0", "0")
    assert count(engine, models.Evaluation) == 0  # validation writes nothing
    button(at, "导入数据").click()
    at.run()
    assert not at.exception
    assert any("导入成功" in s.value for s in at.success)
    assert metric(at, "写入行数") == "3"
    links = [link.proto.label for link in at.get("page_link")]
    assert "好差评" in links and "查看上传记录" in links
    assert count(engine, models.Evaluation) == 3
    entry = audit_entries(engine, actions=["import"]).iloc[0]
    assert entry["actor"] == "eva"


def test_upload_page_gzip_csv_is_accepted_validated_and_imported(engine, evaluator):
    at = open_page(evaluator)
    assert ".csv.gz" in at.file_uploader[0].help
    at.file_uploader[0].upload("hp.csv.gz", gzip.compress(evaluations_csv("GZ1", "GZ2")), "application/gzip")
    at.run()
    assert not at.exception
    assert (metric(at, "数据行数"), metric(at, "错误")) == ("2", "0")
    button(at, "导入数据").click()
    at.run()
    assert any("导入成功" in s.value for s in at.success)
    assert count(engine, models.Evaluation) == 2


def test_upload_page_bad_file_lists_each_error_with_its_row_and_writes_nothing(engine, evaluator):
    bad = ("评价编号,区县代码,评价渠道,评价等级,评价时间\n"
           "HP1,990101,移动端,很好,2025-11-03 10:00\n"
           "HP2,123456,移动端,满意,2025-11-03 10:00\n"
           "HP3,990101,移动端,满意,2025-13-45 10:00\n").encode("gbk")
    batches = count(engine, models.UploadBatch)
    at = upload(open_page(evaluator), "bad.csv", bad)
    assert not at.exception
    assert metric(at, "错误") == "3"
    table = issues(at)
    assert sorted(table.loc[table["级别"] == "错误", "行号"].tolist()) == [2, 3, 4]
    assert set(table["列"]) >= {"评价等级", "区县代码", "评价时间"}
    assert button(at, "导入数据").disabled
    assert count(engine, models.Evaluation) == 0
    assert count(engine, models.UploadBatch) == batches


def test_upload_page_warnings_need_ticked_confirmation(engine, evaluator):
    content = ("评价编号,区县代码,评价渠道,评价等级,评价时间,备注栏\n"
               "HP1,990101,移动端,满意,2025-11-03 10:00,x\n").encode("gbk")
    at = upload(open_page(evaluator), "warn.csv", content)
    at.selectbox(key="upload_0_map_0").select("(忽略此列)").run()
    assert metric(at, "警告") == "1"
    assert button(at, "导入数据").disabled
    at.checkbox(key="upload_0_accept_warnings").check().run()
    button(at, "导入数据").click()
    at.run()
    assert count(engine, models.Evaluation) == 1


def test_upload_page_maps_unrecognized_column_by_suggestion(engine, evaluator):
    content = ("评价编号,区县代码,评价渠到,评价等级,评价时间\n"
               "HP1,990101,移动端,满意,2025-11-03 10:00\n").encode("gbk")
    at = upload(open_page(evaluator), "typo.csv", content)
    mapping = at.selectbox(key="upload_0_map_0")
    assert mapping.value == "评价渠道"
    assert metric(at, "错误") == "0"
    button(at, "导入数据").click()
    at.run()
    assert count(engine, models.Evaluation) == 1


def test_upload_page_duplicate_file_is_not_imported_twice(engine, evaluator):
    content = evaluations_csv("HP1")
    at = upload(open_page(evaluator), "hp.csv", content)
    button(at, "导入数据").click()
    at.run()
    at = upload(at, "hp-again.csv", content)
    assert any("同一文件已导入过" in w.value for w in at.warning)
    assert button(at, "导入数据").disabled
    assert count(engine, models.Evaluation) == 1


def test_upload_page_shows_html_in_comment_as_text(engine, evaluator):
    at = upload(open_page(evaluator), "[x](javascript:alert(1)).csv", evaluations_csv("HP1", comment=HOSTILE))
    file_caption = next(c.value for c in at.caption if c.value.startswith("文件"))
    assert "[x](" not in file_caption and r"\[x\]\(javascript\:alert\(1\)\)" in file_caption
    preview = next(d.value for d in at.dataframe if "评价内容" in d.value.columns)
    assert preview["评价内容"].tolist() == [HOSTILE]
    assert not [m for m in at.markdown if m.proto.allow_html and "<script>" in m.value]


@pytest.mark.parametrize("who", ["viewer", "anonymous"])
def test_upload_page_refuses_viewer_even_when_run_directly(engine, evaluator, who, monkeypatch):
    monkeypatch.setenv("GOVDASH_PUBLIC_READ", "1")
    from govdash.core import config

    config.get_settings.cache_clear()
    user = make_user(engine, "vic", "viewer") if who == "viewer" else None
    shown = open_page(user)  # the address resolves, so a link never falls back with an English dialog
    assert not shown.exception and not shown.get("file_uploader")
    if who == "viewer":
        assert any("需要评估员或更高角色" in e.value for e in shown.error)
    else:
        assert any("请登录后查看此页面" in i.value for i in shown.info)
    at = run_directly(user)
    assert not at.exception
    # run on its own, the page hands over to the shell, which shows what this user may open instead
    assert "数据上传" not in [t.value for t in at.title]
    assert not at.get("file_uploader")


def test_upload_page_offers_the_template_of_the_chosen_kind(engine, evaluator):
    at = open_page(evaluator)
    at.selectbox(key="upload_kind").select("surveys").run()
    assert [d.label for d in at.get("download_button")] == ["下载导入模板(XLSX)"]
    assert any("问卷答案" in c.value for c in at.caption)


def test_upload_page_file_over_limit_gets_chinese_message(engine, evaluator, monkeypatch):
    monkeypatch.setenv("GOVDASH_MAX_UPLOAD_MB", "1")
    from govdash.core import config

    config.get_settings.cache_clear()
    big = evaluations_csv(*(f"HP{i:07d}" for i in range(30_000)))
    assert len(big) > 1024 * 1024
    at = upload(open_page(evaluator), "big.csv", big)
    assert any("超过上传上限 1.0 MB" in e.value for e in at.error)
    assert count(engine, models.Evaluation) == 0


def test_upload_page_refuses_rows_outside_the_evaluators_scope(engine, evaluator):
    from govdash.auth.scope import set_user_scope

    wider = "区划代码,区划名称,层级,上级代码\n990102,望湖区,区,990100\n".encode()
    assert authorized_import(engine, Actor.system_actor(), "regions", wider, file_name="r2.csv").ok
    set_user_scope(engine, Actor.system_actor(), "eva", ["990102"])
    at = open_page(evaluator)
    assert any("您的数据范围:990102 望湖区及其下级区划" in c.value.replace("\\", "") for c in at.caption)
    at = upload(at, "hp.csv", evaluations_csv("HP1", "HP2"))
    assert not at.exception
    assert any("超出数据范围:区划 990101(第 2、3 行)不在您的数据范围" in e.value.replace("\\", "")
               for e in at.error)
    assert issues(at)["问题"].str.contains("不在您的数据范围").sum() == 2
    assert button(at, "导入数据").disabled
    assert count(engine, models.Evaluation) == 0
    entry = audit_entries(engine, actions=["scope_denied"]).iloc[0]
    assert entry["actor"] == "eva" and "990101" in entry["details"]
