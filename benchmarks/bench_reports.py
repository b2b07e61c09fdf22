"""Time the Word report cards (成绩单) of every district, or of the first ``--limit`` ones, and the 通报.

    .venv/bin/python benchmarks/bench_reports.py [--database-url sqlite:///var/govdash.db] [--limit N]

On the demo database (14 districts) this is the time of ``govdash report --all``; ``make bench`` calls
``measure_reports`` on its 3,000-district database with a limit (all of them would take an hour of charts).
The time includes starting chromium for kaleido, reading the scores once and drawing three charts per card.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure_reports(url: str, *, period: str, framework_code: str = "digital_gov",
                    limit: int | None = None) -> dict[str, Any]:
    """Write the cards of ``limit`` districts (None: all) and the 通报 of the period's last month; return seconds."""
    from govdash.core import db
    from govdash.core.config import get_settings
    from govdash.core.periods import period_bounds
    from govdash.export.png import start_renderer, stop_renderer
    from govdash.frameworks import scan_frameworks
    from govdash.services.bulletin import bulletin_file
    from govdash.services.reports import card_inputs, district_codes_of, report_files

    engine = db.get_engine(url)
    framework = scan_frameworks(get_settings().frameworks_dir)[0][framework_code]
    began = time.perf_counter()
    start_renderer()
    inputs = card_inputs(engine, framework, period=period)
    read = time.perf_counter()
    codes = district_codes_of(inputs)[:limit]
    with tempfile.TemporaryDirectory() as folder:
        for report in report_files(inputs, codes):
            (Path(folder) / report.name).write_bytes(report.content)
    cards = time.perf_counter()
    last_day = period_bounds(period)[1]
    bulletin_file(engine, framework, month=date(last_day.year, last_day.month, 1))
    done = time.perf_counter()
    stop_renderer()
    return {"districts": len(codes), "seconds": cards - began, "read_seconds": read - began,
            "per_card_seconds": (cards - read) / max(len(codes), 1), "bulletin_seconds": done - cards}


def main() -> int:
    """Measure on the configured (or given) database and print the figures."""
    from govdash.core.config import get_settings
    from govdash.repository import list_periods

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--framework", default="digital_gov")
    parser.add_argument("--period", default=None, help="default: the latest quarter")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    from govdash.core import db

    url = args.database_url or get_settings().database_url
    period = args.period or list_periods(db.get_engine(url), with_years=False)[-1]
    figures = measure_reports(url, period=period, framework_code=args.framework, limit=args.limit)
    print(f"成绩单 {figures['districts']} 份 {figures['seconds']:.1f} s(读取 {figures['read_seconds']:.1f} s,"
          f"每份 {figures['per_card_seconds']:.2f} s);月度通报 {figures['bulletin_seconds']:.1f} s")
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
