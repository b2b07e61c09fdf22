"""The app shell: pages by role, filters mirrored in the URL, the sample banner, the empty database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govdash.auth import Actor
from govdash.core import config
from govdash.ui import shell
from govdash.ui.shell import PAGES, PROJECT_ROOT, PageSpec
from tests.ui.conftest import AppAt, exceptions, open_app

PROBE = PageSpec("tests/ui/probe_page.py", "探针", ":material/science:", "看板", "probe", default=True)


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> None:
    # The probe opens at the root instead of 总览.
    monkeypatch.setattr(shell, "PAGES", [PROBE, *(replace(spec, default=False) for spec in PAGES)])


def shown(at, prefix: str) -> str:
    return next(m.value for m in at.markdown if m.value.startswith(prefix)).split("=", 1)[1]


def test_pages_every_registered_script_exists():
    missing = [spec.path for spec in PAGES if not (PROJECT_ROOT / spec.path).is_file()]
    assert missing == []


def test_pages_urls_and_titles_are_unique():
    assert len({s.url_path for s in PAGES}) == len(PAGES)
    assert len({s.title for s in PAGES}) == len(PAGES)


def test_allowed_pages_follow_the_role():
    viewer = {s.url_path for s in shell.allowed_pages(Actor(name="v", role="viewer", user_id=1))}
    evaluator = {s.url_path for s in shell.allowed_pages(Actor(name="e", role="evaluator", user_id=2))}
    admin = {s.url_path for s in shell.allowed_pages(Actor(name="a", role="admin", user_id=3))}
    assert "upload" not in viewer and "history" not in viewer and "admin" not in viewer
    assert {"upload", "history"} <= evaluator and "admin" not in evaluator
    assert viewer < evaluator < admin
    assert shell.allowed_pages(None) == []


def test_shell_defaults_to_the_newest_period_and_all_districts(app_at: AppAt, probe):
    at = app_at()
    assert exceptions(at) == []
    assert shown(at, "framework=") == "digital_gov"
    assert shown(at, "period=") == "2025Q4"
    assert shown(at, "region=") == "None" and shown(at, "scope=") == "全部区县"
    assert at.query_params["period"] == "2025Q4"
    assert at.query_params["region"] == "all"


def test_shell_opens_the_selection_of_a_shared_link(app_at: AppAt, probe):
    at = app_at(framework="district_health", period="2024Q3", region="990103")
    assert shown(at, "framework=") == "district_health"
    assert shown(at, "period=") == "2024Q3"
    assert shown(at, "region=") == "990103"
    assert at.sidebar.selectbox(key="filter_period").value == "2024Q3"


def test_shell_ignores_unknown_values_in_a_link(app_at: AppAt, probe):
    at = app_at(framework="nope", period="1999Q1", region="000000")
    assert exceptions(at) == []
    assert (shown(at, "framework="), shown(at, "period="), shown(at, "region=")) == ("digital_gov", "2025Q4", "None")


def test_shell_writes_a_changed_filter_back_to_the_url(app_at: AppAt, probe):
    at = app_at()
    at.sidebar.selectbox(key="filter_period").select("2025Q2").run()
    at.sidebar.selectbox(key="filter_region").select("990102").run()
    assert shown(at, "period=") == "2025Q2" and shown(at, "region=") == "990102"
    assert at.query_params["period"] == "2025Q2" and at.query_params["region"] == "990102"


def test_shell_says_the_data_is_a_sample(app_at: AppAt, probe):
    at = app_at()
    assert any("示例数据" in box.value for box in at.info)


def test_shell_without_data_says_what_to_import(empty_app_at: AppAt, probe):
    at = empty_app_at()
    assert exceptions(at) == []
    assert any("请先" in box.value and "数据上传" in box.value for box in at.info)
    assert not any("示例数据" in box.value for box in at.info)


def test_shell_without_public_read_shows_only_the_sign_in(demo_database_url: str, monkeypatch, probe):
    monkeypatch.setenv("GOVDASH_PUBLIC_READ", "0")
    config.get_settings.cache_clear()
    at = open_app()
    assert exceptions(at) == []
    assert [t.value for t in at.title] == ["登录"]
    assert not any(m.value.startswith("period=") for m in at.markdown)


def test_server_starts_streamlit_on_serve_py(monkeypatch: pytest.MonkeyPatch):
    from govdash.ui import data, server

    seen: list[list[str]] = []
    monkeypatch.setattr(server.cli, "main", lambda: seen.append(list(server.sys.argv)))
    monkeypatch.setattr(server.sys, "argv", list(server.sys.argv))
    monkeypatch.setattr(data, "warm_in_background", False)
    monkeypatch.setattr(data, "start_warming", lambda: seen.append(["warming"]))
    server.main(["--server.port", "8600"])
    # The scores are computed before the first visitor, and again after every import.
    assert seen == [["warming"], ["streamlit", "run", str(PROJECT_ROOT / "serve.py"), "--server.port", "8600"]]
    assert data.warm_in_background is True


@pytest.fixture
def admin_on_demo_copy(demo_database_file, tmp_path, monkeypatch: pytest.MonkeyPatch) -> Actor:
    """An admin account in a copy of the demo database (the shared one stays read-only)."""
    import shutil

    from govdash.core import db
    from tests.auth.conftest import make_user

    copy = tmp_path / "demo-copy.db"
    shutil.copy(demo_database_file, copy)
    monkeypatch.setenv("GOVDASH_DATABASE_URL", f"sqlite:///{copy}")
    monkeypatch.setenv("GOVDASH_PUBLIC_READ", "1")
    config.get_settings.cache_clear()
    db.dispose_engines()
    yield make_user(db.get_engine(f"sqlite:///{copy}"), "smoke-admin", "admin")
    db.dispose_engines()
    config.get_settings.cache_clear()


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_every_page_runs_through_the_entry_file_without_exception(admin_on_demo_copy: Actor, spec: PageSpec):
    at = open_app(spec.path, user=admin_on_demo_copy)
    assert exceptions(at) == []
    if spec.url_path == "presentation":  # slides carry their own titles; the deck's controls show it opened
        assert "下一页" in [b.label for b in at.button]
    else:  # some pages title themselves by the framework shown: 评估指数 → 数字政府建设成效评估指数
        assert any(spec.title in t.value for t in at.title)


def test_serve_py_is_an_st_app_on_app_py_with_the_sign_in_routes():
    """``streamlit run serve.py`` must find the st.App (else the sign-in routes would silently be missing)."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    from govdash.ui.session_routes import SESSION_ROUTES, SIGN_IN_PATH, SIGN_OUT_PATH

    found = discover_asgi_app(PROJECT_ROOT / "serve.py")
    assert found.is_asgi_app and found.import_string == "serve:app"
    assert {route.path for route in SESSION_ROUTES} == {SIGN_IN_PATH, SIGN_OUT_PATH}


def test_every_page_address_resolves_for_every_visitor(demo_database_url: str, monkeypatch, probe):
    """A deep link to a page above the visitor's role is registered (no fallback), and shows the sign-in form."""
    monkeypatch.setenv("GOVDASH_PUBLIC_READ", "0")
    config.get_settings.cache_clear()
    at = open_app("pages/upload.py", period="2025Q3")
    assert exceptions(at) == []
    assert [t.value for t in at.title] == ["数据上传"]
    assert any("请登录后查看此页面" in box.value for box in at.info)
    form = at.get("html")[0].proto.body
    assert 'action="/signin"' in form and 'value="/upload?period=2025Q3"' in form



def test_shell_level_choice_lists_the_levels_with_regions_and_keeps_it_in_the_url(app_at: AppAt, probe):
    at = app_at()
    level = at.sidebar.selectbox(key="filter_level")
    assert level.options == ["市", "区县", "街道"] and level.value == "district"
    level.select("street").run()
    assert exceptions(at) == []
    assert shown(at, "level=") == "street" and shown(at, "scope=") == "全部街道"
    assert at.query_params["level"] == "street"
    regions = at.sidebar.selectbox(key="filter_region")
    assert regions.options[1:] == ["江滨街道(990102001)", "临港街道(990102002)", "滨湖街道(990102003)",
                                   "梧桐镇(990121100)", "桐溪乡(990121200)"]
    regions.select("990121100").run()
    assert at.query_params["region"] == "990121100" and shown(at, "scope=") == "梧桐镇"


def test_shell_opens_a_shared_link_at_street_level_within_a_peer_group(app_at: AppAt, probe):
    at = app_at(level="street", region="990102002", group="城区街道")
    assert exceptions(at) == []
    assert (shown(at, "level="), shown(at, "region="), shown(at, "group=")) == ("street", "990102002", "城区街道")
    assert at.sidebar.toggle(key="filter_peer").value is True
    at.sidebar.toggle(key="filter_peer").set_value(False).run()
    assert shown(at, "group=") == "None" and "group" not in at.query_params
