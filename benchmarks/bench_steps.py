"""The steps of ``bench.py`` that write: generating the files, importing them, the baseline, the pages.

The imports (``ImportWorker``), the baseline and the page timings each run in a child process of their own, so
that the peak resident memory measured is the step's own and nothing cached in one step helps the next.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path
from queue import Empty
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PERIOD = "2025Q4"
N_DISTRICTS = 3_000
SERVICE_ITEMS = 200_000
CATALOG_ENTRIES = 300_000
BASELINE_CHUNK_ROWS = 200_000


def bench_spec(evaluations: int):  # type: ignore[no-untyped-def]
    """The benchmark's sample: 3,000 districts, one quarter, the volumes of issue 7."""
    from govdash.synthetic import SampleSpec

    return SampleSpec(n_districts=N_DISTRICTS, periods=(PERIOD,), catalog_entries=CATALOG_ENTRIES,
                      service_items=SERVICE_ITEMS, evaluations=evaluations, survey_a_per_cell=5,
                      survey_b_per_cell=5, demands=30_000)


def generate_files(spec, directory: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Write the upload files of ``spec`` (好差评 streamed chunk by chunk); return rows per file and seconds.

    Files left by an earlier run of the same spec are reused: the generator is deterministic.
    """
    from govdash.synthetic import generate_sample, write_sample

    stamp = directory / "spec.json"
    if stamp.is_file():
        earlier = json.loads(stamp.read_text(encoding="utf-8"))
        if earlier["spec"] == repr(spec):
            return {"seconds": 0.0, "rows": earlier["rows"], "reused": True}
    began = time.perf_counter()
    data = generate_sample(spec, with_evaluations=False)
    rows = write_sample(data, directory)
    stamp.write_text(json.dumps({"spec": repr(spec), "rows": rows}, ensure_ascii=False), encoding="utf-8")
    return {"seconds": time.perf_counter() - began, "rows": rows}


def _fresh_engine(path: Path):  # type: ignore[no-untyped-def]
    from govdash.core import db

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade_schema(engine)
    return engine


def fresh_database(url: str):  # type: ignore[no-untyped-def]
    """A migrated, empty database at ``url``: a new SQLite file, or a PostgreSQL database with its schema emptied."""
    from sqlalchemy import create_engine, make_url, text

    from govdash.core import db

    if db.is_sqlite(url):
        return _fresh_engine(Path(str(make_url(url).database)))
    wipe = create_engine(url, isolation_level="AUTOCOMMIT")
    with wipe.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    wipe.dispose()
    engine = db.make_engine(url)
    db.upgrade_schema(engine)
    return engine


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time_the_refresh() -> list[float]:
    """Time the refresh after each import apart from validation and writing; the list holds the last time."""
    from govdash.services import refresh

    seconds = [0.0]
    batches_changed = refresh.batches_changed

    def timed_refresh(engine, kind, batch_ids, periods):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        batches_changed(engine, kind, batch_ids, periods)
        seconds[0] = time.perf_counter() - began

    refresh.batches_changed = timed_refresh
    return seconds


def _import_all(sample_dir: str, url: str, before_evaluations: str | None) -> dict[str, Any]:
    """Import every sample file through ``import_file`` into a fresh database at ``url``; time 好差评 apart.

    ``before_evaluations``: on SQLite, where to keep a copy of the database as it is just before the 好差评 file
    (for the imports of the file again, ``_evaluations_again``).
    """
    from govdash.core import db
    from govdash.services.imports import import_file
    from govdash.synthetic import SAMPLE_FILES

    engine = fresh_database(url)
    figures: dict[str, Any] = {"other_seconds": 0.0, "files": {}, "database": engine.dialect.name}
    refresh_seconds = _time_the_refresh()
    for sample_file in SAMPLE_FILES:
        if sample_file.kind == "evaluations" and before_evaluations and db.is_sqlite(url):
            _backup(engine, Path(before_evaluations))
        began = time.perf_counter()
        result = import_file(engine, sample_file.kind, Path(sample_dir) / sample_file.name,
                             file_name=sample_file.name, max_bytes=1 << 40)
        seconds = time.perf_counter() - began
        if result.status != "imported":
            raise SystemExit(f"{sample_file.name}: {result.status} {result.report.summary()}")
        figures["files"][sample_file.name] = {"rows": result.rows_written, "seconds": round(seconds, 2),
                                              "refresh_seconds": round(refresh_seconds[0], 2)}
        if sample_file.kind == "evaluations":
            figures["evaluations_seconds"], figures["evaluations_rows"] = seconds, result.rows_written
            figures["evaluations_refresh_seconds"] = refresh_seconds[0]
            figures["maxrss_mb"] = _peak_rss_mb()
        else:
            figures["other_seconds"] += seconds
    engine.dispose()
    return figures


def _backup(engine, target: Path) -> None:  # type: ignore[no-untyped-def]
    """Copy the SQLite database behind ``engine`` to ``target`` (sqlite3's online backup)."""
    import sqlite3

    target.unlink(missing_ok=True)
    with engine.connect() as conn:
        source = conn.connection.dbapi_connection
        copy = sqlite3.connect(target)
        source.backup(copy)
        copy.close()


def _evaluations_again(before_path: str, sample_dir: str, db_path: str) -> dict[str, Any]:
    """Import the 好差评 file again, timed as ``_import_all`` times it, into a copy of ``before_path``."""
    import shutil

    from govdash.core import db
    from govdash.services.imports import import_file
    from govdash.synthetic import SAMPLE_FILES

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(before_path, db_path)
    engine = db.make_engine(f"sqlite:///{db_path}")
    refresh_seconds = _time_the_refresh()
    sample_file = next(f for f in SAMPLE_FILES if f.kind == "evaluations")
    began = time.perf_counter()
    result = import_file(engine, sample_file.kind, Path(sample_dir) / sample_file.name, file_name=sample_file.name,
                         max_bytes=1 << 40)
    seconds = time.perf_counter() - began
    engine.dispose()
    if result.status != "imported":
        raise SystemExit(f"{sample_file.name}: {result.status} {result.report.summary()}")
    return {"evaluations_seconds": seconds, "evaluations_rows": result.rows_written,
            "evaluations_refresh_seconds": refresh_seconds[0], "maxrss_mb": _peak_rss_mb()}


def _import_worker(sample_dir: str, url: str, before_evaluations: str | None, requests, replies) -> None:  # type: ignore[no-untyped-def]
    replies.put(_import_all(sample_dir, url, before_evaluations))
    while (db_path := requests.get()) is not None:
        replies.put(_evaluations_again(str(before_evaluations), sample_dir, db_path))


class ImportWorker:
    """The process every import of the benchmark runs in: all the sample files, then the 好差评 file again on request.

    The 好差评 file is imported again into copies of the database as it was just before it, in the same process
    as the first time, so that each of the pairs' imports finds what the first one found and what an import
    from the app's server finds: the reading processes' fork server running, the code and the memory pools of
    earlier imports warm. A fresh process for each would add a cold start (a second or more) to the later pairs
    and not to the first. The baselines run in their own processes between these imports, never beside them.
    """

    def __init__(self, sample_dir: str, url: str, before_evaluations: str | None) -> None:
        context = multiprocessing.get_context("spawn")
        self.requests = context.Queue()
        self.replies = context.Queue()
        self.process = context.Process(target=_import_worker,
                                       args=(sample_dir, url, before_evaluations, self.requests, self.replies))
        self.process.start()

    def first(self) -> dict[str, Any]:
        """Wait for the import of every sample file; return its figures."""
        return _answer(self.process, self.replies, "the imports")

    def again(self, db_path: str) -> dict[str, Any]:
        """Import the 好差评 file again into a copy at ``db_path``; return its figures."""
        self.requests.put(db_path)
        return _answer(self.process, self.replies, "the 好差评 import again")

    def close(self) -> None:
        """Let the process end."""
        if self.process.is_alive():
            self.requests.put(None)
        self.process.join()


def run_baseline(db_path: str, baseline_path: str, queue) -> None:  # type: ignore[no-untyped-def]
    """Insert the 好差评 rows the import stored with a bare sqlite3 ``executemany`` of plain tuples.

    The target is a fresh database migrated to the same schema (the same indexes, unique and foreign keys),
    with the connection settings the app uses (WAL, ``synchronous=NORMAL``, foreign keys on). The batch records
    and regions the foreign keys need are copied first and not timed; neither is reading the rows back. Every
    chunk goes into one transaction, committed at the end, as the import does; the commit is timed.
    """
    import sqlite3

    _fresh_engine(Path(baseline_path)).dispose()
    source = sqlite3.connect(db_path)
    target = sqlite3.connect(baseline_path, isolation_level=None)
    for table in ("upload_batch", "region"):
        _copy_table(source, target, table)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "temp_store=MEMORY",
                   "cache_size=-65536"):
        target.execute(f"PRAGMA {pragma}")
    columns = [row[1] for row in source.execute("PRAGMA table_info(evaluation)") if row[1] != "id"]
    names = ", ".join(columns)
    statement = f"INSERT INTO evaluation ({names}) VALUES ({', '.join('?' * len(columns))})"
    rows_read = source.execute(f"SELECT {names} FROM evaluation ORDER BY id")
    seconds, total = 0.0, 0
    target.execute("BEGIN")
    while chunk := rows_read.fetchmany(BASELINE_CHUNK_ROWS):
        began = time.perf_counter()
        target.executemany(statement, chunk)
        seconds += time.perf_counter() - began
        total += len(chunk)
    began = time.perf_counter()
    target.execute("COMMIT")
    seconds += time.perf_counter() - began
    source.close()
    target.close()
    queue.put({"rows": total, "seconds": seconds, "maxrss_mb": _peak_rss_mb(), "method": "sqlite3 executemany"})


def _copy_table(source, target, table: str) -> None:  # type: ignore[no-untyped-def]
    """Copy every row of ``table`` (foreign keys not yet enforced, so the order does not matter)."""
    columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
    names = ", ".join(columns)
    rows = source.execute(f"SELECT {names} FROM {table}").fetchall()
    target.execute("BEGIN")
    target.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)
    target.execute("COMMIT")


def run_app_start(url: str, as_server: bool, queue) -> None:  # type: ignore[no-untyped-def]
    """Time the first run of the app (its default page) in a fresh process.

    ``as_server``: first do what ``python -m govdash.ui.server`` does before its first visitor (load the page
    modules, read or compute every framework's scores); otherwise the run pays for all of that itself.
    """
    os.environ["GOVDASH_DATABASE_URL"] = url
    os.environ.setdefault("GOVDASH_PUBLIC_READ", "1")
    from streamlit.testing.v1 import AppTest

    label = "app.py (新进程首次)"
    if as_server:
        from govdash.ui import data, server

        server.preload()
        data.warm_caches()
        label = "app.py (服务器启动后首次)"
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    began = time.perf_counter()
    app.run()
    queue.put({"page": label, "first_s": round(time.perf_counter() - began, 3), "warm_median_s": float("nan"),
               "period_change_s": float("nan"), "exceptions": len(app.exception), "min_role": None,
               "goal": as_server})


def run_pages(url: str, queue) -> None:  # type: ignore[no-untyped-def]
    """Time every dashboard page (no sign-in needed) of ``govdash.ui.shell.PAGES``, with ``scripts/measure_pages.py``."""
    os.environ["GOVDASH_DATABASE_URL"] = url
    os.environ.setdefault("GOVDASH_PUBLIC_READ", "1")
    sys.path.insert(0, str(ROOT / "scripts"))
    from measure_pages import measure

    from govdash.ui.shell import PAGES

    rows: list[dict[str, Any]] = []
    for spec in PAGES:
        if not (ROOT / spec.path).exists() or spec.min_role is not None:
            continue
        try:
            rows.append({**measure(spec.path, repeats=2), "min_role": spec.min_role})
        except Exception as exc:  # a page under construction must not stop the other measurements
            rows.append({"page": spec.path, "error": f"{type(exc).__name__}: {exc}", "min_role": spec.min_role})
        print(f"页面 {rows[-1]}", flush=True)
    queue.put(rows)


def measure_pages_in_child(url: str) -> list[dict[str, Any]]:
    """The app's first run (cold, then as the server starts it) and every page, each start in a fresh process."""
    starts = [in_child(run_app_start, url, as_server) for as_server in (False, True)]
    return [*starts, *in_child(run_pages, url)]


def in_child(target, *args):  # type: ignore[no-untyped-def]
    """Run ``target(*args, queue)`` in a spawned process and return what it puts on the queue."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    outcome = _answer(process, queue, target.__name__)
    process.join()
    return outcome


def _answer(process, queue, what: str):  # type: ignore[no-untyped-def]
    """Wait for what ``process`` puts on ``queue``; stop the benchmark when the process dies first."""
    while True:
        try:
            return queue.get(timeout=5)
        except Empty:
            if not process.is_alive():
                raise SystemExit(f"{what} failed (exit code {process.exitcode})") from None
