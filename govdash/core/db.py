"""Database engine, sessions and schema migrations."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import create_engine

from govdash.core.config import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def is_sqlite(url: str) -> bool:
    """Tell whether a database URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection, _record) -> None:
        # WAL lets the dashboard read while an import writes; foreign keys are off by default in SQLite.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    return on_connect


def make_engine(url: str | None = None, *, echo: bool | None = None) -> Engine:
    """Create an engine for ``url`` (default: the configured database), with SQLite pragmas set."""
    settings = get_settings()
    url = url or settings.database_url
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=settings.echo_sql if echo is None else echo,
            connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas(settings.sqlite_busy_timeout_ms))
    else:
        engine = create_engine(url, echo=settings.echo_sql if echo is None else echo, pool_pre_ping=True)
    return engine


# PostgreSQL SQLSTATEs of a write that lost to another transaction: serialization failure, deadlock, lock not
# available. Retrying later succeeds, like SQLite's "database is locked".
_PG_CONFLICT_STATES = frozenset({"40001", "40P01", "55P03"})


def is_lock_conflict(exc: BaseException) -> bool:
    """Tell whether ``exc`` means another transaction held the lock (SQLite busy, PostgreSQL lock or serialization).

    SQLite waits ``sqlite_busy_timeout_ms`` for the lock before it gives up with this error.
    """
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    name = str(getattr(orig, "sqlite_errorname", ""))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _PG_CONFLICT_STATES:
        return True
    return "database is locked" in str(orig) or "database table is locked" in str(orig)


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """Return one shared engine per URL for this process (default: the configured database)."""
    url = url or get_settings().database_url
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = make_engine(url)
        return _ENGINES[url]


def dispose_engines() -> None:
    """Close every shared engine's connections and forget them (tests, and after the settings change)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def alembic_config(engine: Engine):
    """Build an Alembic configuration bound to ``engine`` (no ``alembic.ini`` needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade_schema(engine: Engine | None = None) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command

    engine = engine or get_engine()
    command.upgrade(alembic_config(engine), "head")
