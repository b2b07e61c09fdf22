"""The app shell: which pages a user may open, the sidebar filters, the 示例数据 banner, then the page.

Navigation is rebuilt on every run from the signed-in user's role. Every page is registered, so that any copied
link, deep link or reload resolves (an unregistered address would fall back to the default page with Streamlit's
English "Page not found" dialog); a page above the user's role is hidden from the menu and, when opened, shows the
sign-in form (which returns to the same address, query included) or says which role it needs, never the page.
Pages are plain scripts; by the time one runs the shell has set the filters and checked the role (the services
check again before writing anything).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode

import streamlit as st

from govdash.auth import ROLE_LABELS, Actor
from govdash.ui import auth, data, filters
from govdash.ui.widgets import empty_state

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FAVICON = str(Path(__file__).resolve().parent / "static" / "favicon.svg")
Section = Literal["看板", "汇报", "数据", "管理", "账户"]
SECTIONS: tuple[Section, ...] = ("看板", "汇报", "数据", "管理", "账户")
#: The framework the 三网一基一指数 page always shows, whatever the sidebar's choice.
HEALTH_FRAMEWORK = "district_health"
#: The addresses of the 登录 and 账户 pages, registered beside ``PAGES``.
LOGIN_PATH, ACCOUNT_PATH = "login", "account"
ACCOUNT_PATHS = (LOGIN_PATH, ACCOUNT_PATH)
# Set while the shell runs the chosen page (in the script run's thread), so that a page knows it is inside it.
_IN_SHELL: ContextVar[bool] = ContextVar("govdash_in_shell", default=False)


@dataclass(frozen=True)
class PageSpec:
    """One page of the app.

    Attributes:
        path: the page script, relative to the project root.
        title: the Chinese title in the navigation and the browser tab.
        icon: a Material icon, ``:material/name:``.
        section: the navigation section it is listed under.
        url_path: the page's address (``/overview``).
        min_role: the lowest role that may open it; None means anyone who may read the dashboards.
        filters: whether the page uses the global filters (and needs data to show anything).
        default: the page opened at the root address.
        framework: whether the page follows the sidebar's framework (True), shows none (False), or always shows
            the framework of this code; only the first draws the framework selector.
    """

    path: str
    title: str
    icon: str
    section: Section
    url_path: str
    min_role: str | None = None
    filters: bool = True
    default: bool = False
    framework: bool | str = True


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "总览", ":material/dashboard:", "看板", "overview", default=True),
    PageSpec("pages/index_a.py", "评估指数", ":material/leaderboard:", "看板", "index"),
    PageSpec("pages/health.py", "三网一基一指数", ":material/monitor_heart:", "看板", "health",
             framework=HEALTH_FRAMEWORK),
    PageSpec("pages/evaluations.py", "好差评", ":material/thumbs_up_down:", "看板", "evaluations", framework=False),
    PageSpec("pages/tiaokuai.py", "条块分析", ":material/grid_on:", "看板", "tiaokuai", framework=False),
    PageSpec("pages/surveys.py", "满意度调查", ":material/sentiment_satisfied:", "看板", "surveys", framework=False),
    PageSpec("pages/data_sharing.py", "数据共享开放", ":material/share:", "看板", "data-sharing", framework=False),
    PageSpec("pages/warnings.py", "预警", ":material/notifications_active:", "看板", "warnings"),
    PageSpec("pages/methodology.py", "方法与权重", ":material/account_tree:", "看板", "methodology"),
    PageSpec("pages/presentation.py", "汇报模式", ":material/slideshow:", "汇报", "presentation"),
    PageSpec("pages/upload.py", "数据上传", ":material/upload_file:", "数据", "upload", min_role="evaluator",
             filters=False),
    PageSpec("pages/history.py", "上传记录", ":material/history:", "数据", "history", min_role="evaluator",
             filters=False),
    PageSpec("pages/boundaries.py", "地图边界", ":material/map:", "管理", "boundaries", min_role="admin",
             filters=False),
    PageSpec("pages/admin.py", "用户与审计", ":material/admin_panel_settings:", "管理", "admin",
             min_role="admin", filters=False),
]

SAMPLE_BANNER = ("示例数据:当前显示的是虚构的“示例市”及其区县,名称、代码与全部数值均为演示而编造,"
                 "不代表任何真实地区。导入本地数据后即可替换。")


def allowed_pages(user: Actor | None) -> list[PageSpec]:
    """Return the pages this user may open, in registry order (none without a user)."""
    if user is None:
        return []
    return [spec for spec in PAGES
            if (PROJECT_ROOT / spec.path).exists() and (spec.min_role is None or user.can(spec.min_role))]


def _account_pages(user: Actor | None) -> list[st.Page]:
    """Return the 登录 and 账户 pages; the one that does not apply is hidden, so that both addresses always resolve."""
    signed_in = user is not None and not user.is_anonymous
    return [
        st.Page(_login_here, title="登录", icon=":material/login:", url_path=LOGIN_PATH, default=user is None,
                visibility="hidden" if signed_in else "visible"),
        st.Page(auth.sign_out_page, title="账户", icon=":material/account_circle:", url_path=ACCOUNT_PATH,
                visibility="visible" if signed_in else "hidden"),
    ]


def _login_here() -> None:
    # /login?next=/upload returns there after signing in; the 登录 page alone returns to the default page.
    auth.login_page(st.query_params.get("next") or "/")


def _requested_address(url_path: str) -> str:
    """Return the address of this page with its query: what signing in from here returns to."""
    query = urlencode(st.query_params.to_dict())
    return f"/{url_path}" + (f"?{query}" if query else "")


def _navigation(user: Actor | None) -> tuple[dict[str, list[st.Page]], dict[str, PageSpec]]:
    allowed = {spec.path for spec in allowed_pages(user)}
    specs = [spec for spec in PAGES if (PROJECT_ROOT / spec.path).exists()]
    has_default = user is not None and any(spec.default and spec.path in allowed for spec in specs)
    sections: dict[str, list[st.Page]] = {}
    by_title: dict[str, PageSpec] = {}
    for spec in specs:
        script = str(PROJECT_ROOT / spec.path)
        page = st.Page(script, title=spec.title, icon=spec.icon, url_path=spec.url_path,
                       visibility="visible" if spec.path in allowed else "hidden")
        sections.setdefault(spec.section, []).append(page)
        by_title[spec.title] = spec
        if has_default and spec.default:
            # Streamlit serves the default page at the root only, so /overview would not resolve: the root gets
            # a hidden copy of the page and the listed one keeps its own address.
            sections[spec.section].append(st.Page(script, title=spec.title, icon=spec.icon, default=True,
                                                  url_path=f"{spec.url_path}-root", visibility="hidden"))
    sections.setdefault("账户", []).extend(_account_pages(user))
    ordered: dict[str, list[st.Page]] = {name: sections[name] for name in SECTIONS if name in sections}
    return ordered, by_title


def _sidebar_footer(user: Actor | None) -> None:
    with st.sidebar:
        st.divider()
        st.caption(auth.account_caption(user))
        broken = data.framework_errors()
        if broken:
            with st.expander(f"{len(broken)} 个框架文件无法加载", icon=":material/warning:"):
                for message in broken:
                    st.text(message)


def run_app(*, run_page: Callable[[st.Page], None] | None = None) -> None:
    """Build the navigation for the current user, draw the shared parts, and run the chosen page."""
    user = auth.current_user()
    sections, by_title = _navigation(user)
    # Fully expanded: past twelve entries Streamlit would hide pages behind "View more", in English.
    page = st.navigation(sections, expanded=True)
    # The default page's url_path is empty, so pages are matched by their (unique) titles.
    spec = by_title.get(page.title)
    if spec is not None and spec.path not in {allowed.path for allowed in allowed_pages(user)}:
        _sidebar_footer(user)
        _refuse(spec, user)
        return
    if spec is not None and spec.filters and data.has_data():
        filters.render_sidebar(framework=spec.framework)
    _sidebar_footer(user)
    if data.sample_loaded():
        st.info(SAMPLE_BANNER, icon=":material/science:")
    if spec is not None and spec.filters and not data.has_data():
        st.title(spec.title)
        empty_state("任何评估数据")
        return
    token = _IN_SHELL.set(True)
    try:
        (run_page or _run)(page)
    finally:
        _IN_SHELL.reset(token)


def _refuse(spec: PageSpec, user: Actor | None) -> None:
    """Instead of a page the user may not open: the sign-in form (back to this address), or the role it needs."""
    st.title(spec.title)
    if user is None or user.is_anonymous:
        st.info("请登录后查看此页面。登录后将回到此页面。", icon=":material/lock:")
        auth.sign_in_form(_requested_address(spec.url_path))
        return
    needed = spec.min_role or "viewer"
    st.error(f"此页面需要{ROLE_LABELS[needed]}或更高角色,当前账户是{user.role_label}。",
             icon=":material/lock:")


def _run(page: st.Page) -> None:
    page.run()


def ensure_shell() -> None:
    """Run the page through the shell when Streamlit ran its script on its own; every page calls this first.

    A folder named ``pages/`` beside the entry file puts Streamlit in its older multipage mode until
    ``st.navigation`` first runs: once an entry file calls it, Streamlit ignores the ``pages/`` directory. In that
    mode a deep link opened before anyone visited the root (and every AppTest ``switch_page``) runs the page file
    directly: no role check, no filters, no banner. Such a run is outside ``run_app``, so the page runs the shell
    itself: its ``st.navigation`` call ends that mode and resolves the same address (running this page again,
    now inside the shell), and the run keeps its widget events, such as a click.
    """
    if not _IN_SHELL.get():
        run_app()
        st.stop()
