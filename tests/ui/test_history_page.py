"""The 上传记录 page in AppTest: undo through a confirmation, replace with a corrected file, who sees what."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from govdash.auth import Actor
from govdash.auth.audit import audit_entries
from govdash.core import config, models
from govdash.services.uploads import authorized_import
from tests import hostile_files as hostile
from tests.auth.conftest import REGIONS_CSV, count, evaluations_csv, make_user
from tests.ui.conftest import open_app

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "history.py")
SHELL_PATH = "pages/history.py"


@pytest.fixture
def people(engine) -> dict[str, Actor]:
    admin = make_user(engine, "root", "admin")
    assert authorized_import(engine, admin, "regions", REGIONS_CSV, file_name="regions.csv").ok
    return {"admin": admin, "eva": make_user(engine, "eva", "evaluator"), "vic": make_user(engine, "vic", "viewer")}


def imported(engine, actor: Actor, *ids: str) -> int:
    result = authorized_import(engine, actor, "evaluations", evaluations_csv(*ids), file_name=f"{ids[0]}.csv")
    assert result.ok
    return int(result.batch_id)


def run_directly(user: Actor | None, **query: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if user is not None:
        at.session_state["auth_user"] = user
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def open_page(user: Actor | None, **query: str) -> AppTest:
    """Open the page the way a browser does: through app.py and the role-built navigation."""
    return open_app(SHELL_PATH, user=user, **query)


def choose(at: AppTest, batch_id: int) -> AppTest:
    return at.selectbox(key="history_chosen").select(batch_id).run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_history_page_undo_own_batch_after_confirmation(engine, people):
    batch = imported(engine, people["eva"], "HP1", "HP2")
    at = choose(open_page(people["eva"]), batch)
    button(at, "撤销此批次").click()
    at.run()
    assert any("确定撤销批次" in m.value for m in at.markdown)
    assert count(engine, models.Evaluation) == 2  # nothing happens before the confirmation
    button(at, "确认撤销").click()
    at.run()
    assert not at.exception
    assert count(engine, models.Evaluation) == 0
    assert any("已撤销批次" in s.value for s in at.success)
    table = next(d.value for d in at.dataframe)
    assert table.set_index("批次").loc[batch, "状态"] == "已撤销"
    assert audit_entries(engine, actions=["undo"]).iloc[0]["actor"] == "eva"


def test_history_page_evaluator_cannot_undo_anothers_batch(engine, people):
    batch = imported(engine, people["admin"], "HP1")
    at = choose(open_page(people["eva"]), batch)
    assert not [b for b in at.button if b.label == "撤销此批次"]
    assert any("只能撤销或替换自己上传的批次" in i.value for i in at.info)


def test_history_page_admin_can_undo_any_batch(engine, people):
    batch = imported(engine, people["eva"], "HP1")
    at = choose(open_page(people["admin"]), batch)
    button(at, "撤销此批次").click()
    at.run()
    button(at, "确认撤销").click()
    at.run()
    assert count(engine, models.Evaluation) == 0


def test_history_page_replace_with_corrected_file(engine, people):
    batch = imported(engine, people["eva"], "HP1", "HP2")
    at = choose(open_page(people["eva"]), batch)
    at.file_uploader(key=f"history_replace_{batch}").upload("fixed.csv", evaluations_csv("HP1", "HP2", "HP3"),
                                                             "text/csv")
    at.run()
    button(at, f"替换批次 #{batch}").click()
    at.run()
    assert not at.exception
    assert count(engine, models.Evaluation) == 3
    table = next(d.value for d in at.dataframe).set_index("批次")
    assert table.loc[batch, "状态"] == "已替换"


def test_history_page_replace_refuses_unrelated_file(engine, people):
    batch = imported(engine, people["eva"], "HP1")
    at = choose(open_page(people["eva"]), batch)
    at.file_uploader(key=f"history_replace_{batch}").upload("other.csv", evaluations_csv("HP9"), "text/csv")
    at.run()
    assert any(f"与批次 #{batch} 不重复" in e.value for e in at.error)
    assert count(engine, models.Evaluation) == 1


def test_history_page_lists_every_batch_for_evaluator(engine, people):
    imported(engine, people["eva"], "HP1")
    at = open_page(people["eva"])
    assert not at.exception
    assert len(next(d.value for d in at.dataframe)) == 2  # regions and 好差评


def test_history_page_refuses_viewer_even_when_run_directly(engine, people):
    imported(engine, people["eva"], "HP1")
    shown = open_page(people["vic"])  # the address resolves, and says which role it needs
    assert any("需要评估员或更高角色" in e.value for e in shown.error) and not shown.dataframe
    at = run_directly(people["vic"])
    # Run on its own, the page hands over to the shell, which shows 总览 instead (its links to other pages resolve
    # against the entry file, which in this test is the page file itself, so 总览 ends in an error here).
    assert "上传记录" not in [t.value for t in at.title]
    assert not any("批次" in d.value.columns for d in at.dataframe)


def test_history_page_link_with_batch_shows_that_batch(engine, people):
    batch = imported(engine, people["eva"], "HP1")
    at = open_page(people["eva"], batch=str(batch))
    assert next(d.value for d in at.dataframe)["批次"].tolist() == [batch]


def test_history_page_needs_sign_in_without_public_read(engine, people, monkeypatch):
    monkeypatch.setenv("GOVDASH_PUBLIC_READ", "0")
    config.get_settings.cache_clear()
    at = run_directly(None)
    assert not at.exception  # run on its own, the page hands over to the shell, which shows what one may open
    assert "上传记录" not in [t.value for t in at.title]
    assert not at.dataframe


def test_history_page_replace_refuses_hostile_file_naming_the_bound(engine, people):
    batch = imported(engine, people["eva"], "HP1")
    at = choose(open_page(people["eva"]), batch)
    at.file_uploader(key=f"history_replace_{batch}").upload("稀疏.xlsx", hostile.sparse_cells(), "application/zip")
    at.run()
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error] + [str(d.value.to_dict()) for d in at.dataframe]
    assert any("“稀疏.xlsx”" in text and "GOVDASH_UPLOAD_MAX_COLUMNS" in text for text in shown), shown
    assert not [b for b in at.button if b.label == f"替换批次 #{batch}" and not b.disabled]
    assert count(engine, models.Evaluation) == 1


def test_history_page_refuses_undo_of_own_batch_outside_a_narrowed_scope(engine, people):
    from govdash.auth.scope import set_user_scope

    wider = "区划代码,区划名称,层级,上级代码\n990102,望湖区,区,990100\n".encode()
    assert authorized_import(engine, people["admin"], "regions", wider, file_name="r2.csv").ok
    batch = imported(engine, people["eva"], "HP1", "HP2")  # 990101 滨江区, uploaded while not limited
    set_user_scope(engine, people["admin"], "eva", ["990102"])
    at = choose(open_page(people["eva"]), batch)
    button(at, "撤销此批次").click()
    at.run()
    button(at, "确认撤销").click()
    at.run()
    assert not at.exception
    assert any("超出数据范围:批次" in e.value.replace("\\", "") and "990101(2 条记录)" in e.value.replace("\\", "")
               for e in at.error)
    assert count(engine, models.Evaluation) == 2
    assert audit_entries(engine, actions=["scope_denied"]).iloc[0]["actor"] == "eva"
