"""Measure how fast each page of the app answers, on the demo database or any other.

For every page of the registry (``govdash.ui.shell.PAGES``) this runs the real entry file in Streamlit's
AppTest: a first load (empty caches), a second load (the warm, interactive case: what a user waits for after
changing a filter back and forth), and a filter change to another period (new cache keys for that period's
queries). Figures are printed as a table and written as JSON. Not a test: no assertion is made on time.

Usage:
    python scripts/measure_pages.py [--db sqlite:///var/govdash.db] [--json var/page-timings.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(run) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(page: str, repeats: int) -> dict[str, float | str | int]:
    """Return first-load, warm and period-change timings (seconds) of one page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    first = _timed(lambda: (at.switch_page(page), at.run()))
    warm = [_timed(at.run) for _ in range(repeats)]
    periods = at.sidebar.selectbox(key="filter_period").options if at.sidebar.selectbox else []
    change = float("nan")
    if len(periods) > 1:
        other = at.sidebar.selectbox(key="filter_period").options[1]
        change = _timed(lambda: at.sidebar.selectbox(key="filter_period").select(other).run())
    return {"page": page, "first_s": round(first, 3), "warm_median_s": round(statistics.median(warm), 3),
            "period_change_s": round(change, 3), "exceptions": len(at.exception)}


def main() -> int:
    """Measure every registered page and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: GOVDASH_DATABASE_URL or var/govdash.db)")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "page-timings.json")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.db:
        os.environ["GOVDASH_DATABASE_URL"] = args.db
    os.environ.setdefault("GOVDASH_PUBLIC_READ", "1")

    from govdash.core import config, db
    from govdash.services.demo import database_has_data
    from govdash.ui.shell import PAGES

    url = config.get_settings().database_url
    engine = db.make_engine(url)
    if not database_has_data(engine):
        print(f"数据库 {url} 中没有数据:页面只会显示空状态,计时没有意义。请先运行 govdash init-demo --db {url}",
              file=sys.stderr)
        return 1

    rows = [measure(spec.path, args.repeats) for spec in PAGES
            if spec.min_role is None and (ROOT / spec.path).exists()]
    print(f"{'页面':<28}{'首次加载 s':>12}{'再次运行 s':>12}{'切换期间 s':>12}{'异常':>6}")
    for row in rows:
        print(f"{row['page']:<28}{row['first_s']:>12}{row['warm_median_s']:>12}{row['period_change_s']:>12}"
              f"{row['exceptions']:>6}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
