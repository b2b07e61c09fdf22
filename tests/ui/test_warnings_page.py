"""The 预警 page in AppTest: hits of the period with links to their records, filters, the 通报, the admin push."""

from __future__ import annotations

import shutil
import threading

from govdash.auth.audit import audit_entries
from govdash.core import config, db
from tests.alerts.test_webhook import Receiver
from tests.auth.conftest import make_user
from tests.ui.conftest import AppAt, exceptions, open_app

PAGE = "pages/warnings.py"


def _table(at):
    return next(d.value for d in at.dataframe if "原始记录" in d.value.columns)


def test_warnings_page_lists_hits_with_record_links(app_at: AppAt):
    at = app_at(PAGE, period="2025Q4")
    assert exceptions(at) == []
    assert at.title[0].value == "预警"
    table = _table(at)
    red = table[table["等级"] == "红"]
    assert "雁山县" in set(red["区县"])
    assert next(m.value for m in at.metric if m.label == "红色预警") == f"{len(red)} 条"
    link = table.loc[(table["区县"] == "岭北县") & (table["规则"] == "差评按时整改率低于 80%"), "原始记录"].iloc[0]
    assert link == "evaluations?period=2025Q4&region=990123"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载2025年12月通报(Word)" in labels
    assert not [b for b in at.button if b.label == "推送到群机器人"]  # readers do not push


def test_warnings_page_follows_the_district_scope(app_at: AppAt):
    at = app_at(PAGE, period="2025Q4", region="990126")
    assert exceptions(at) == []
    assert set(_table(at)["区县"]) == {"雁山县"}


def test_warnings_page_level_filter_hides_other_levels(app_at: AppAt):
    at = app_at(PAGE, period="2025Q4")
    at.pills(key="warnings_levels").set_value(["红"]).run()
    assert set(_table(at)["等级"]) == {"红"}


def test_admin_pushes_the_hits_to_the_configured_robot(demo_database_file, use_database, tmp_path, monkeypatch):
    path = tmp_path / "govdash.db"
    shutil.copy(demo_database_file, path)
    url = use_database(path)
    admin = make_user(db.get_engine(url), "root", "admin")
    robot = Receiver()
    threading.Thread(target=robot.server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("GOVDASH_WEBHOOK_URL", robot.url)
        config.get_settings.cache_clear()
        at = open_app(PAGE, user=admin, period="2025Q4")
        next(b for b in at.button if b.label == "推送到群机器人").click()
        at.run()
        assert exceptions(at) == []
        assert any("已推送" in s.value for s in at.success)
        ((_path, body),) = robot.requests
        assert body["msgtype"] == "markdown" and "雁山县" in body["markdown"]["text"]
        assert "warnings_notify" in set(audit_entries(db.get_engine(url))["action"])
    finally:
        robot.server.shutdown()
        robot.server.server_close()


def test_a_broken_rules_file_is_named_on_the_page(app_at: AppAt, tmp_path, monkeypatch):
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\ncode = "x"\nname = "n"\nlevel = "红"\ntype = "metric"\nmetric = "no.such"\n'
                   'op = "<"\nthreshold = 1\n', encoding="utf-8")
    monkeypatch.setenv("GOVDASH_WARNINGS_FILE", str(bad))
    config.get_settings.cache_clear()
    at = app_at(PAGE, period="2025Q4")
    assert exceptions(at) == []
    assert "rules.toml: rule[x].metric: 未知的指标“no.such”" in at.error[0].value
