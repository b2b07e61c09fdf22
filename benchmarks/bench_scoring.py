"""Time the scoring engine and the weight sensitivity on a large synthetic input.

    .venv/bin/python benchmarks/bench_scoring.py [--regions 3000] [--indicators 40] [--draws 1000] [--repeat 5]

Goals (issue 3): scoring 3,000 regions × 40 indicators under 0.2 s; 1,000 sensitivity draws for 3,000 regions
under 2 s. Prints the best and median of ``--repeat`` runs of each.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from govdash.frameworks.schema import Framework
from govdash.scoring import score
from govdash.scoring.flags import indicator_flags
from govdash.scoring.sensitivity import rank_sensitivity
from govdash.scoring.uncertainty import rank_uncertainty

PERIOD = "2025Q4"


def synthetic_framework(n_indicators: int, n_dimensions: int = 6) -> Framework:
    """A framework with ``n_indicators`` reported indicators spread over ``n_dimensions`` dimensions."""
    methods = ["goalpost", "goalpost", "goalpost", "minmax", "zscore"]
    dims = []
    for d in range(n_dimensions):
        inds = [
            {"code": f"i{k}", "name": f"指标{k}", "source": "reported", "weight": 1 + k % 3,
             "normalization": methods[k % len(methods)], "direction": "negative" if k % 7 == 0 else "positive",
             "lo": 0, "hi": 100}
            for k in range(d, n_indicators, n_dimensions)
        ]
        dims.append({"code": f"d{d}", "name": f"维度{d}", "weight": 10 + 5 * d, "indicators": inds})
    return Framework.model_validate({
        "framework": {"code": "bench", "name": "基准"},
        "bands": [{"label": "高", "min": 80}, {"label": "中", "min": 60}, {"label": "低", "min": 0}],
        "weak_spot": {"threshold": 60},
        "dimensions": dims,
    })


def synthetic_raw(framework: Framework, n_regions: int, *, missing: float = 0.03, seed: int = 0) -> pd.DataFrame:
    """Raw values for every region and indicator of one period, a few missing at random."""
    rng = np.random.default_rng(seed)
    codes = [i.code for _d, i in framework.indicators]
    regions = [f"{100000 + r:06d}" for r in range(n_regions)]
    grid = pd.MultiIndex.from_product([regions, codes], names=["region_code", "indicator_code"]).to_frame(index=False)
    grid["period"] = PERIOD
    grid["value"] = rng.uniform(0, 100, len(grid))
    grid["source"] = "reported"
    grid["record_count"] = 1
    grid["batch_ids"] = "1"
    return grid.loc[rng.random(len(grid)) >= missing].reset_index(drop=True)


def timed(func, repeat: int) -> tuple[float, float]:
    """Best and median wall time of ``repeat`` calls (after one warm-up call)."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=3000)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    framework = synthetic_framework(args.indicators)
    raw = synthetic_raw(framework, args.regions)
    best, median = timed(lambda: score(framework, raw), args.repeat)
    print(f"score: {args.regions} regions × {args.indicators} indicators ({len(raw):,} values): "
          f"best {best:.3f} s, median {median:.3f} s (goal < 0.2 s)")

    result = score(framework, raw)
    best, median = timed(
        lambda: rank_sensitivity(framework, result, period=PERIOD, draws=args.draws, seed=0), args.repeat)
    print(f"sensitivity: {args.draws} draws × {args.regions} regions: "
          f"best {best:.3f} s, median {median:.3f} s (goal < 2 s)")

    best, median = timed(lambda: indicator_flags(framework, result, period=PERIOD), args.repeat)
    print(f"indicator flags + remove-one: {args.indicators} indicators × {args.regions} regions: "
          f"best {best:.3f} s, median {median:.3f} s")
    best, median = timed(lambda: rank_uncertainty(framework, result, period=PERIOD, samples=128), args.repeat)
    print(f"sobol uncertainty: 768 runs × {args.regions} regions: best {best:.3f} s, median {median:.3f} s")


if __name__ == "__main__":
    main()
