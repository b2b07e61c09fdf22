"""AppTest helpers: run the real entry file on the demo database (or an empty one) and open a page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from govdash.auth import Actor
from govdash.core import config, db

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 60

AppAt = Callable[..., AppTest]


def open_app(page: str | None = None, *, user: Actor | None = None, **query: str) -> AppTest:
    """Run ``app.py`` with the given query parameters, then switch to ``page`` (e.g. "pages/health.py").

    Args:
        page: the page script relative to the project root; None stays on the default page.
        user: the signed-in user kept in the session; None reads anonymously (public read is on).
        **query: URL query parameters of the first run, as a copied link would carry them.
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    if user is not None:
        at.session_state["auth_user"] = user
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords cheaply: the pages' tests sign users in many times; the real cost is tested in tests/auth."""
    from argon2 import PasswordHasher

    from govdash.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _public_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVDASH_PUBLIC_READ", "1")
    config.get_settings.cache_clear()


@pytest.fixture
def app_at(demo_database_url: str, monkeypatch: pytest.MonkeyPatch) -> AppAt:
    """Open pages of the app on the demo database, read anonymously."""
    _public_read(monkeypatch)
    return open_app


@pytest.fixture
def empty_app_at(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AppAt:
    """Open pages of the app on a migrated, empty database, read anonymously."""
    db.upgrade_schema(db.get_engine(database_url))
    _public_read(monkeypatch)
    return open_app


def exceptions(at: AppTest) -> list[str]:
    """Return the messages of every exception box on the page."""
    return [e.message for e in at.exception]


@pytest.fixture
def use_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], str]]:
    """Point the app at another database file for one test (public read on)."""

    def point(path: Path) -> str:
        url = f"sqlite:///{path}"
        monkeypatch.setenv("GOVDASH_DATABASE_URL", url)
        monkeypatch.setenv("GOVDASH_PUBLIC_READ", "1")
        config.get_settings.cache_clear()
        db.dispose_engines()
        return url

    yield point
    db.dispose_engines()
    config.get_settings.cache_clear()
