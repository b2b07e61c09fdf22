"""The stored boundary sets: importing one (it replaces the active set), undoing it, the 审图号, the history.

An import checks the whole file first (``check_boundaries``) and writes nothing when it finds an error; the
set and its shapes are then written in one transaction. Undoing the active set brings back the set it replaced,
so a wrong upload is one click from the map as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import insert, inspect, select, update
from sqlalchemy.engine import Connection, Engine

from govdash.boundaries.checks import BoundaryCheck, Problem, check_boundaries
from govdash.boundaries.files import BoundaryFileError, read_features
from govdash.boundaries.shapes import BoundaryMap
from govdash.core import models
from govdash.domain.format import local_time
from govdash.ingest.writer import table_of

SETS = table_of(models.BoundarySet)
SHAPES = table_of(models.BoundaryShape)
REGIONS = table_of(models.Region)
_ACTIVE = "active"
STATUS_LABELS = {"active": "使用中", "replaced": "已被替换", "undone": "已撤销"}


@dataclass
class BoundaryImport:
    """The outcome of importing (or only checking) a boundary file.

    Attributes:
        status: "imported", "checked" (dry run without errors), "invalid" or "duplicate".
        message: one Chinese sentence saying what happened.
        check: the check of the features (empty when the file could not be read).
        set_id: the new set's id when imported.
        replaced_set_id: the set it replaced, if any.
        boundaries: the checked shapes, ready to preview (None when the file could not be read).
    """

    status: str
    message: str
    check: BoundaryCheck = field(default_factory=BoundaryCheck)
    set_id: int | None = None
    replaced_set_id: int | None = None
    boundaries: BoundaryMap | None = None
    sha256: str = ""

    @property
    def ok(self) -> bool:
        """True when the file was imported, or would be (dry run)."""
        return self.status in ("imported", "checked")


def registered_regions(bind: Engine | Connection) -> dict[str, tuple[str, str]]:
    """Return every registered region code → (name, level)."""
    query = select(REGIONS.c.code, REGIONS.c.name, REGIONS.c.level)
    if isinstance(bind, Connection):
        rows = bind.execute(query).all()
    else:
        with bind.connect() as conn:
            rows = conn.execute(query).all()
    return {code: (name, level) for code, name, level in rows}


def import_boundaries(engine: Engine, file_name: str, raw: bytes, *, uploader: str = "system",
                      review_number: str = "", code_property: str | None = None, dry_run: bool = False,
                      note: str | None = None) -> BoundaryImport:
    """Check a boundary file and, unless ``dry_run`` or it has errors, store it as the active set.

    Args:
        engine: the database.
        file_name: the uploaded file's name (kept in the history).
        raw: the file's bytes: GeoJSON, or a ZIP archive holding one Shapefile.
        uploader: who uploads it.
        review_number: the 审图号 printed under the maps ("" for none).
        code_property: the property holding the region codes; None detects it.
        dry_run: check only, write nothing.
        note: a remark kept with the set.
    """
    sha256 = hashlib.sha256(raw).hexdigest()
    try:
        source = read_features(file_name, raw)
    except BoundaryFileError as exc:
        check = BoundaryCheck(errors=[Problem(None, None, str(exc))])
        return BoundaryImport("invalid", f"文件“{file_name}”无法导入:{exc}", check, sha256=sha256)
    check = check_boundaries(source.features, registered_regions(engine), code_property=code_property)
    preview = BoundaryMap(check.shapes, review_number=review_number.strip(), file_name=file_name)
    if not check.ok:
        first = check.errors[0].describe() if check.errors else "没有可用的区县边界"
        return BoundaryImport("invalid", f"文件“{file_name}”有 {len(check.errors)} 个错误,未导入。{first}", check,
                              boundaries=preview, sha256=sha256)
    with engine.begin() as conn:
        active = _active_row(conn)
        if active is not None and active.sha256 == sha256:
            return BoundaryImport("duplicate", f"同一文件已是使用中的边界 #{active.id}({active.file_name}),未重复导入。",
                                  check, set_id=active.id, boundaries=preview, sha256=sha256)
        if dry_run:
            return BoundaryImport("checked", f"校验通过:{check.summary()}。", check, boundaries=preview, sha256=sha256)
        set_id = _write_set(conn, file_name, sha256, source.format, uploader, review_number, check, note,
                            replaces=active.id if active is not None else None)
    replaced = f",替换了边界 #{active.id}" if active is not None else ""
    return BoundaryImport("imported", f"已导入边界 #{set_id}{replaced}:{check.summary()}。", check, set_id=set_id,
                          replaced_set_id=active.id if active is not None else None,
                          boundaries=BoundaryMap(check.shapes, review_number.strip(), file_name, set_id),
                          sha256=sha256)


def _active_row(conn: Connection):
    return conn.execute(select(SETS).where(SETS.c.status == _ACTIVE).order_by(SETS.c.id.desc()).limit(1)).first()


def _write_set(conn: Connection, file_name: str, sha256: str, source_format: str, uploader: str,
               review_number: str, check: BoundaryCheck, note: str | None, *, replaces: int | None) -> int:
    if replaces is not None:
        conn.execute(update(SETS).where(SETS.c.id == replaces).values(status="replaced"))
    result = conn.execute(insert(SETS).values(
        file_name=file_name[:255], sha256=sha256, source_format=source_format, uploader=uploader[:64],
        created_at=models.utcnow(), review_number=review_number.strip()[:128],
        code_property=(check.code_property or "")[:64], features=check.features, districts=len(check.shapes),
        tolerance=check.tolerance, status=_ACTIVE, replaces_set_id=replaces, note=note))
    set_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    conn.execute(insert(SHAPES), [{"set_id": set_id, "region_code": code,
                                   "geometry": json.dumps(geometry, separators=(",", ":"))}
                                  for code, geometry in check.shapes.items()])
    return set_id


def has_boundary_tables(engine: Engine) -> bool:
    """Tell whether the schema has the boundary tables (a database not yet upgraded to migration 0010 has not)."""
    return bool(inspect(engine).has_table(str(models.BoundarySet.__tablename__)))


def active_boundaries(engine: Engine) -> BoundaryMap | None:
    """Return the boundary set the maps draw, or None when none is loaded (the maps draw hex tiles)."""
    if not has_boundary_tables(engine):
        return None
    with engine.connect() as conn:
        row = _active_row(conn)
        if row is None:
            return None
        shapes = conn.execute(select(SHAPES.c.region_code, SHAPES.c.geometry)
                              .where(SHAPES.c.set_id == row.id).order_by(SHAPES.c.region_code)).all()
    return BoundaryMap({code: json.loads(text) for code, text in shapes}, review_number=row.review_number,
                       file_name=row.file_name, set_id=row.id)


def set_review_number(engine: Engine, set_id: int, review_number: str) -> None:
    """Change the 审图号 of a stored set (the maps print it at once)."""
    with engine.begin() as conn:
        conn.execute(update(SETS).where(SETS.c.id == set_id).values(review_number=review_number.strip()[:128]))


def undo_boundaries(engine: Engine, set_id: int, *, user: str = "system") -> tuple[bool, str]:
    """Undo the active set: it is marked undone and the set it replaced, if any, draws the maps again.

    Returns:
        Whether it was undone, and a Chinese sentence saying what happened.
    """
    with engine.begin() as conn:
        row = conn.execute(select(SETS).where(SETS.c.id == set_id)).first()
        if row is None:
            return False, f"没有编号为 {set_id} 的边界"
        if row.status != _ACTIVE:
            return False, f"边界 #{set_id} 的状态是“{STATUS_LABELS.get(row.status, row.status)}”,只能撤销使用中的边界"
        conn.execute(update(SETS).where(SETS.c.id == set_id).values(
            status="undone", undone_at=models.utcnow(), undone_by=user[:64]))
        previous = row.replaces_set_id
        if previous is not None:
            conn.execute(update(SETS).where(SETS.c.id == previous, SETS.c.status == "replaced")
                         .values(status=_ACTIVE))
    if previous is not None:
        return True, f"已撤销边界 #{set_id}({row.file_name}),恢复使用边界 #{previous}。"
    return True, f"已撤销边界 #{set_id}({row.file_name});现在没有区县边界,地图显示六边形示意图。"


_HISTORY = {"id": "编号", "file_name": "文件名", "status": "状态", "districts": "区县数", "features": "要素数",
            "code_property": "区划代码属性", "review_number": "审图号", "uploader": "上传人",
            "created_at": "上传时间", "source_format": "格式", "sha256": "SHA-256", "replaces_set_id": "替换的边界"}


def boundary_history(engine: Engine) -> pd.DataFrame:
    """Return every boundary set, newest first, with Chinese column names and Beijing times, ready to show."""
    if not has_boundary_tables(engine):
        return pd.DataFrame(columns=list(_HISTORY.values()))
    with engine.connect() as conn:
        rows = conn.execute(select(*(SETS.c[name] for name in _HISTORY)).order_by(SETS.c.id.desc())).mappings().all()
    frame = pd.DataFrame(rows, columns=list(_HISTORY))
    frame["status"] = frame["status"].map(lambda s: STATUS_LABELS.get(s, s))
    frame["created_at"] = frame["created_at"].map(local_time)
    frame["replaces_set_id"] = frame["replaces_set_id"].astype("Int64")
    return frame.rename(columns=_HISTORY)
