"""Import throughput: N generated 好差评 rows through the import pipeline, against a bare executemany.

    .venv/bin/python benchmarks/import_throughput.py [--rows 1000000] [--chunk-rows 50000] [--keep]

Each measurement runs in its own child process, so that its peak resident memory (ru_maxrss) is its own.
The pipeline reads the CSV, validates every row and writes it with its batch; the baseline only inserts the
same rows, already converted to Python values, with one core ``insert()`` executemany on a fresh database.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from datetime import datetime
from pathlib import Path
from queue import Empty

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "out"
REGIONS = [f"9901{i:02d}" for i in range(1, 13)]
CHANNELS = ["窗口", "PC端", "移动端", "自助终端", "12345热线", "短信"]
RATINGS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]


def generate_frame(rows: int, seed: int = 7) -> pd.DataFrame:
    """Evaluations over 2024–2025 with a realistic rating mix; 差评 mostly rectified, some late."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T08:00:00")
    seconds = rng.integers(0, 730 * 86400, rows).astype("timedelta64[s]")
    evaluated = start + seconds
    rating = rng.choice(5, rows, p=[0.62, 0.25, 0.08, 0.03, 0.02])
    bad = rating >= 3
    rectified = evaluated + rng.integers(1, 30 * 86400, rows).astype("timedelta64[s]")
    comments = np.array(["办理很快", "窗口人员态度好", "材料要求不清楚", "等待时间长", ""], dtype=object)
    return pd.DataFrame({
        "评价编号": np.char.add("HP", np.arange(rows).astype(str)),
        "区县代码": np.array(REGIONS)[rng.integers(0, len(REGIONS), rows)],
        "事项编码": np.char.add("SX", rng.integers(0, 2000, rows).astype(str)),
        "评价渠道": np.array(CHANNELS)[rng.integers(0, len(CHANNELS), rows)],
        "评价等级": np.array(RATINGS)[rating],
        "是否实名": np.where(rng.random(rows) < 0.7, "是", "否"),
        "评价时间": pd.Series(evaluated).dt.strftime("%Y-%m-%d %H:%M:%S"),
        "评价内容": comments[rng.integers(0, len(comments), rows)],
        "整改完成时间": np.where(bad & (rng.random(rows) < 0.9),
                           pd.Series(rectified).dt.strftime("%Y-%m-%d %H:%M:%S"), ""),
        "整体满意度": 5 - rating,
    })


def regions_csv() -> bytes:
    lines = ["区划代码,区划名称,层级,上级代码", "990100,示例市,市,"]
    lines += [f"{code},示例区{code[-2:]},区县,990100" for code in REGIONS]
    return ("\n".join(lines) + "\n").encode()


def fresh_engine(path: Path):
    from govdash.core import db

    path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade_schema(engine)
    return engine


def run_pipeline(csv_path: str, db_path: str, chunk_rows: int, queue) -> None:
    import os

    os.environ["GOVDASH_IMPORT_CHUNK_ROWS"] = str(chunk_rows)
    from govdash.services.imports import import_file

    engine = fresh_engine(Path(db_path))
    import_file(engine, "regions", regions_csv(), file_name="regions.csv")
    began = time.perf_counter()
    result = import_file(engine, "evaluations", Path(csv_path), max_bytes=1 << 40)
    elapsed = time.perf_counter() - began
    queue.put({"status": result.status, "rows": result.rows_written, "seconds": elapsed,
               "summary": result.report.summary(), "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})


def baseline_rows(frame: pd.DataFrame, batch_id: int) -> list[dict]:
    """The rows the pipeline stores, built directly (not timed)."""
    from govdash.domain import vocab

    evaluated = pd.to_datetime(frame["评价时间"])
    rectified = pd.to_datetime(frame["整改完成时间"].replace("", None))
    rating = frame["评价等级"].map(vocab.RATINGS)
    bad = rating <= 2
    deadline = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    deadline[bad] = np.busday_offset(evaluated[bad].to_numpy().astype("datetime64[D]"), 15, roll="forward")
    columns = {
        "eval_no": frame["评价编号"].tolist(), "region_code": frame["区县代码"].tolist(),
        "item_code": frame["事项编码"].tolist(), "channel": frame["评价渠道"].map(vocab.CHANNELS).tolist(),
        "rating": rating.tolist(), "real_name": (frame["是否实名"] == "是").tolist(),
        "evaluated_at": evaluated.dt.to_pydatetime().tolist(),
        "period": (evaluated.dt.year.astype(str) + "Q" + evaluated.dt.quarter.astype(str)).tolist(),
        "month": evaluated.dt.strftime("%Y-%m").tolist(),
        "comment": frame["评价内容"].replace("", None).tolist(),
        "rectified_at": [None if pd.isna(v) else v.to_pydatetime() for v in rectified],
        "rectify_deadline": [None if pd.isna(v) else v.date() for v in deadline],
        "rectified_on_time": [None if pd.isna(r) or not b else r.normalize() <= d
                              for r, b, d in zip(rectified, bad, deadline, strict=True)],
        "sub_overall": frame["整体满意度"].astype(int).tolist(), "batch_id": [batch_id] * len(frame),
    }
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def run_baseline(csv_path: str, db_path: str, queue) -> None:
    from sqlalchemy import insert

    from govdash.core import models
    from govdash.services.imports import import_file

    engine = fresh_engine(Path(db_path))
    import_file(engine, "regions", regions_csv(), file_name="regions.csv")
    table = models.Evaluation.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        batch = conn.execute(insert(models.UploadBatch.__table__).values(  # type: ignore[attr-defined]
            kind="evaluations", file_name="baseline", sha256="0" * 64))
    rows = baseline_rows(pd.read_csv(csv_path, dtype=str, keep_default_na=False), batch.inserted_primary_key[0])
    began = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(insert(table), rows)
    elapsed = time.perf_counter() - began
    queue.put({"rows": len(rows), "seconds": elapsed,
               "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})


def in_child(target, *args) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    while True:
        try:
            outcome = queue.get(timeout=5)
            break
        except Empty:
            if not process.is_alive():
                raise SystemExit(f"{target.__name__} failed (exit code {process.exitcode})") from None
    process.join()
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-rows", type=int, default=50_000)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the CSV and databases in benchmarks/out")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    csv_path = OUT / f"evaluations_{args.rows}.csv"
    began = time.perf_counter()
    generate_frame(args.rows).to_csv(csv_path, index=False)
    print(f"generated {args.rows:,} rows, {csv_path.stat().st_size / 2**20:.1f} MB, "
          f"in {time.perf_counter() - began:.1f} s")
    pipeline = in_child(run_pipeline, str(csv_path), str(OUT / "pipeline.db"), args.chunk_rows)
    print(f"pipeline: {pipeline['status']}, {pipeline['rows']:,} rows in {pipeline['seconds']:.1f} s = "
          f"{pipeline['rows'] / pipeline['seconds']:,.0f} rows/s, peak RSS {pipeline['maxrss_kb'] / 1024:.0f} MB")
    figures = {"rows": args.rows, "pipeline": pipeline, "generated_at": datetime.now().isoformat()}
    if not args.no_baseline:
        baseline = in_child(run_baseline, str(csv_path), str(OUT / "baseline.db"))
        ratio = pipeline["seconds"] / baseline["seconds"]
        print(f"baseline executemany: {baseline['rows']:,} rows in {baseline['seconds']:.1f} s = "
              f"{baseline['rows'] / baseline['seconds']:,.0f} rows/s, peak RSS {baseline['maxrss_kb'] / 1024:.0f} MB")
        print(f"pipeline / baseline time: {ratio:.2f}x")
        figures.update(baseline=baseline, ratio=ratio)
    (OUT / "import_throughput.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    if not args.keep:
        for path in (csv_path, OUT / "pipeline.db", OUT / "baseline.db"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    return 0 if pipeline["status"] == "imported" else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
