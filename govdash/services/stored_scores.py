"""Stored scores: every framework's scores of every district and period, computed once after each change.

Scoring a framework for a province (3,000 districts, 60 indicators) reads about 180,000 raw values and takes
seconds, and the pages need it on their first view. So after every import, replacement and undo, and after the
stored metrics are refreshed, each framework in the frameworks folder is scored at its file's own weights and the
result is stored in ``score_snapshot``; a page then reads three Parquet tables instead.

A stored result is used only when it is known to equal a fresh computation:
- ``framework_digest`` is the hash of the framework as loaded now and of the scoring's version, so an edited file
  (a weight, a band, a goalpost) or upgraded scoring code is scored afresh;
- the batch counts (newest batch id, batches undone or replaced) match ``upload_batch``, so a batch written,
  undone or replaced since is scored afresh.
What-if weights and another aggregation rule are always computed.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from govdash import __version__
from govdash.core.config import get_settings
from govdash.core.models import ScoreSnapshot, utcnow
from govdash.frameworks import Framework, scan_frameworks
from govdash.repository._sql import table_of
from govdash.repository.materialized import data_version
from govdash.repository.metrics import compute_metrics
from govdash.repository.regions import DISTRICT, list_periods
from govdash.repository.reported import reported_values
from govdash.scoring import ScoreResult
from govdash.services.indexes import compute_scores

#: Raise when a change of the scoring code changes the results of an unchanged framework file.
VERSION = 3  # 2: the overall table has band_class; 3: imputed/treated columns and imputed_indicators
SNAPSHOTS = table_of(ScoreSnapshot)
_FRAMES = ("indicators", "dimensions", "overall")
_log = logging.getLogger(__name__)


def framework_digest(framework: Framework) -> str:
    """Return a hash of everything in the framework (weights, goalposts, bands, rules) and of the scoring's version.

    A stored score's key: an edited framework file, or an upgrade that changes how scores are computed (``VERSION``,
    the package version), makes the stored rows unreadable until the next refresh stores them again.
    """
    text = f"{VERSION}\n{__version__}\n{framework.model_dump_json()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReportedInputs:
    """The reported indicator values the frameworks score, of every period, read before they are scored.

    The stored refresh never writes them, so ``refresh.batches_changed`` reads them beside it.
    """

    periods: tuple[str, ...]
    codes: tuple[str, ...]
    values: pd.DataFrame | None


def _reported_codes(frameworks: Iterable[Framework]) -> tuple[str, ...]:
    return tuple(sorted({i.code for f in frameworks for _d, i in f.indicators if i.is_reported}))


def read_reported(engine: Engine, frameworks: Iterable[Framework] | None = None) -> ReportedInputs:
    """Read the reported values of every period for the frameworks (default: the frameworks folder's)."""
    codes = _reported_codes(_frameworks() if frameworks is None else frameworks)
    periods = tuple(list_periods(engine))
    values = reported_values(engine, list(periods), indicator_codes=list(codes)) if codes and periods else None
    return ReportedInputs(periods, codes, values)


def store_scores(engine: Engine, frameworks: Iterable[Framework], *,
                 reported: ReportedInputs | None = None) -> list[str]:
    """Score each framework at its own weights for every period and store the results; return their codes.

    ``reported``: the reported values, already read (``read_reported``); read here when they are not, or when
    they were read for other periods or indicators.
    """
    version = data_version(engine)
    frameworks = list(frameworks)
    # The frameworks share most metrics and reported indicators: read them once, for every period, at the level
    # scored, rather than once for each framework.
    wanted = sorted({i.metric for f in frameworks for _d, i in f.indicators if not i.is_reported and i.metric})
    periods = list_periods(engine)
    values = compute_metrics(engine, periods=periods, metrics=wanted, level=DISTRICT) if wanted and periods else None
    if reported is None or reported.periods != tuple(periods) or reported.codes != _reported_codes(frameworks):
        reported = read_reported(engine, frameworks)
    rows = []
    for framework in frameworks:
        result = compute_scores(engine, framework, metric_values=values, reported=reported.values)
        rows.append({"framework_code": framework.code, "framework_digest": framework_digest(framework),
                     "batch_watermark": version[0], "inactive_batches": version[1], "computed_at": utcnow(),
                     **_encode(result)})
    with engine.begin() as conn:
        conn.execute(delete(SNAPSHOTS).where(SNAPSHOTS.c.framework_code.in_([r["framework_code"] for r in rows])))
        if rows:
            conn.execute(insert(SNAPSHOTS), rows)
    if data_version(engine) != version:  # a batch landed meanwhile: the rows are not read, its own refresh follows
        _log.info("batches changed while scores were stored; they are computed until the next refresh")
    return [r["framework_code"] for r in rows]


def stored_scores(engine: Engine, framework: Framework) -> ScoreResult | None:
    """Return the stored scores of ``framework`` when they equal a fresh ``compute_scores``, else None."""
    s = SNAPSHOTS.c
    with engine.connect() as conn:
        row = conn.execute(select(s.framework_digest, s.batch_watermark, s.inactive_batches, s.meta,
                                  s.indicators, s.dimensions, s.overall)
                           .where(s.framework_code == framework.code)).first()
    if row is None or row.framework_digest != framework_digest(framework):
        return None
    if (row.batch_watermark, row.inactive_batches) != data_version(engine):
        return None
    return _decode(row.meta, {name: getattr(row, name) for name in _FRAMES})


def scores(engine: Engine, framework: Framework) -> ScoreResult:
    """Return the framework's scores of every period at its own weights: stored when current, else computed."""
    stored = stored_scores(engine, framework)
    return stored if stored is not None else compute_scores(engine, framework)


# ------------------------------------------------------------------------------------------------ encoding

def _encode(result: ScoreResult) -> dict[str, Any]:
    meta: dict[str, Any] = {"framework_code": result.framework_code, "aggregation": result.aggregation,
                            "indicator_weights": dict(result.indicator_weights),
                            "dimension_weights": dict(result.dimension_weights), "frames": {}}
    encoded: dict[str, Any] = {}
    for name in _FRAMES:
        frame: pd.DataFrame = getattr(result, name)
        lists = [c for c in frame.columns if frame[c].dtype == object and _holds_lists(frame[c])]
        meta["frames"][name] = {"dtypes": {c: str(frame[c].dtype) for c in frame.columns}, "lists": lists}
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False, engine="pyarrow")
        encoded[name] = buffer.getvalue()
    encoded["meta"] = json.dumps(meta, ensure_ascii=False)
    return encoded


#: What ``infer_dtype`` says of an object column that cannot hold a list: its values are all of one scalar kind.
_SCALAR_KINDS = frozenset({"string", "empty", "bytes", "floating", "integer", "boolean", "decimal", "datetime",
                           "date", "time", "timedelta"})


def _holds_lists(values: pd.Series) -> bool:
    """Tell whether an object column holds a list (a column of text is told apart in C, not value by value)."""
    if pd.api.types.infer_dtype(values, skipna=True) in _SCALAR_KINDS:
        return False
    return any(isinstance(v, list) for v in values.to_numpy())


def _decode(meta_json: str, payloads: dict[str, bytes]) -> ScoreResult:
    meta = json.loads(meta_json)
    frames = {name: _decode_frame(payloads[name], meta["frames"][name]) for name in _FRAMES}
    return ScoreResult(**frames, framework_code=meta["framework_code"], aggregation=meta["aggregation"],
                       indicator_weights=meta["indicator_weights"], dimension_weights=meta["dimension_weights"])


def _decode_frame(payload: bytes, meta: dict[str, Any]) -> pd.DataFrame:
    lists = set(meta["lists"])
    texts = [c for c, dtype in meta["dtypes"].items() if dtype == "object" and c not in lists]
    schema = pq.read_schema(io.BytesIO(payload))
    # Text read as dictionaries: each distinct code or note becomes one Python string, shared by its rows
    # (three times faster than converting pandas' string columns, at 180,000 indicator rows).
    dictionaries = [c for c in texts if pa.types.is_string(schema.field(c).type)]
    table = pq.read_table(io.BytesIO(payload), read_dictionary=dictionaries)
    frame = table.to_pandas()
    for column, dtype in meta["dtypes"].items():
        values = frame[column]
        if column in lists:
            frame[column] = pd.Series([v if v is not None else [] for v in table.column(column).to_pylist()],
                                      dtype=object, index=frame.index)
        elif column in dictionaries:
            categories = np.empty(len(values.cat.categories) + 1, dtype=object)  # the last one for code -1
            categories[:-1] = np.asarray(values.cat.categories, dtype=object)
            frame[column] = pd.Series(categories[values.cat.codes.to_numpy()], dtype=object, index=frame.index)
        elif dtype == "object":  # a column with no text at all (every value missing)
            frame[column] = values.astype(object).where(values.notna(), None)
        elif str(values.dtype) != dtype:
            frame[column] = values.astype(dtype)
    return frame


# ------------------------------------------------------------------------------------------------ refresh

def _frameworks() -> list[Framework]:
    frameworks, _errors = scan_frameworks(get_settings().frameworks_dir)
    return list(frameworks.values())


def refresh_scores(engine: Engine, codes: Sequence[str] | None = None, *,
                   reported: ReportedInputs | None = None) -> list[str]:
    """Store the scores of the frameworks folder's frameworks (or only ``codes``); return the codes stored."""
    chosen = [f for f in _frameworks() if codes is None or f.code in codes]
    return store_scores(engine, chosen, reported=reported)


def refresh_after_change(engine: Engine, kind: str, batch_ids: Sequence[int], periods: Sequence[str], *,
                         reported: ReportedInputs | None = None) -> None:
    """Score every framework again after a change (after the stored metrics' refresh, which it reads)."""
    refresh_scores(engine, reported=reported)
