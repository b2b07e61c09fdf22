"""The demo database: the sample data of 示例市 imported through the one import pipeline.

``build_demo_database`` is what ``govdash init-demo`` and ``make run`` use; ``is_sample_loaded`` tells the
pages to show the 示例数据 banner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import MetaData, func, inspect, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, col

from govdash.boundaries.store import boundary_history, import_boundaries
from govdash.core import models
from govdash.core.config import get_settings
from govdash.core.db import upgrade_schema
from govdash.domain import vocab
from govdash.services import refresh
from govdash.services.imports import ImportResult, import_file
from govdash.synthetic import SAMPLE_FILES, SampleFile
from govdash.synthetic.boundaries import FILE_NAME as BOUNDARY_FILE

FileCallback = Callable[[SampleFile, ImportResult], None]

# Tables whose rows make a database "not empty": anything imported, and the regions everything refers to.
_DATA_TABLES: tuple[type[SQLModel], ...] = (models.UploadBatch, models.Region, *models.RECORD_TABLES)


class DemoDatabaseError(RuntimeError):
    """The demo database could not be built; the message (Chinese) says why."""


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the data model (tables not created yet count as absent)."""
    existing = set(inspect(engine).get_table_names())
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in existing:
                counts[table.name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
    return counts


def database_has_data(engine: Engine) -> bool:
    """Tell whether any upload batch, region or record is stored (a schema without rows is empty)."""
    counts = table_counts(engine)
    return any(counts.get(str(model.__tablename__), 0) for model in _DATA_TABLES)


def is_sample_loaded(engine: Engine) -> bool:
    """Tell whether the sample data is in use: any active batch uploaded as 示例数据."""
    if models.UploadBatch.__tablename__ not in inspect(engine).get_table_names():
        return False
    batch = models.UploadBatch
    query = select(col(batch.id)).where(col(batch.uploader) == vocab.SAMPLE_MARK,
                                        col(batch.status) == "active").limit(1)
    with engine.connect() as conn:
        return conn.execute(query).first() is not None


def drop_everything(engine: Engine) -> None:
    """Drop every table of the database, migration bookkeeping included, so the schema can be built afresh."""
    reflected = MetaData()
    reflected.reflect(engine)
    reflected.drop_all(engine)


def build_demo_database(engine: Engine, sample_dir: Path | None = None, *, force: bool = False,
                        on_file: FileCallback | None = None) -> dict[str, int]:
    """Create the schema and import every sample file, in dependency order, through ``import_file``.

    Args:
        engine: the database to build.
        sample_dir: folder of the sample files (default: ``Settings.sample_dir``, i.e. ``data/sample``).
        force: drop every table of a database that already holds data, then rebuild it.
        on_file: called after each file with the import result (progress for the command line).

    Returns:
        Rows per table after the import.

    Raises:
        DemoDatabaseError: the database already holds data and ``force`` is not set, a sample file is missing,
            or a file was not imported (the message names the file and the first problems; the database is
            then left without tables).
    """
    sample_dir = Path(sample_dir or get_settings().sample_dir)
    missing = [f.name for f in SAMPLE_FILES if not (sample_dir / f.name).is_file()]
    if missing:
        raise DemoDatabaseError(f"示例数据目录 {sample_dir} 中缺少文件:{'、'.join(missing)}")
    if database_has_data(engine):
        if not force:
            raise DemoDatabaseError("数据库中已有数据,未导入示例数据;如要删除全部数据并重建示例数据库,请加 --force")
        drop_everything(engine)
    upgrade_schema(engine)
    # The stored metrics, tables and scores are built once, after the last file, not after each of the ten.
    with refresh.changes_held(engine):
        for sample_file in SAMPLE_FILES:
            result = import_file(engine, sample_file.kind, sample_dir / sample_file.name,
                                 uploader=vocab.SAMPLE_MARK, note="示例数据:全部为虚构数据")
            if on_file is not None:
                on_file(sample_file, result)
            if not result.ok:
                # Half a demo is worse than none: leave an empty database that the next run can build.
                drop_everything(engine)
                problems = [issue.message for issue in result.report.errors[:3]]
                raise DemoDatabaseError(f"{sample_file.name} 导入失败:{result.message} {';'.join(problems)}".strip())
    _import_sample_boundaries(engine, sample_dir / BOUNDARY_FILE)
    return table_counts(engine)


def add_sample_boundaries(engine: Engine, sample_dir: Path | None = None) -> bool:
    """Give a demo database built before the sample had boundaries its invented outlines; tell whether it did.

    Only a database holding the sample and no boundary set at all (none imported, none undone) gets them.
    """
    if not is_sample_loaded(engine) or not boundary_history(engine).empty:
        return False
    _import_sample_boundaries(engine, Path(sample_dir or get_settings().sample_dir) / BOUNDARY_FILE)
    return not boundary_history(engine).empty


def _import_sample_boundaries(engine: Engine, path: Path) -> None:
    """Load the invented district outlines of 示例市, so that the demo's maps draw them (hex tiles without)."""
    if not path.is_file():
        return
    result = import_boundaries(engine, path.name, path.read_bytes(), uploader=vocab.SAMPLE_MARK,
                               note="示例数据:虚构的区县边界")
    if not result.ok:
        drop_everything(engine)
        raise DemoDatabaseError(f"{path.name} 导入失败:{result.message}")
