"""Write the sample data of 示例市 into data/sample/ (deterministic: the same files on every run)."""

from __future__ import annotations

import argparse
from pathlib import Path

from govdash.core.config import get_settings
from govdash.synthetic import generate_sample, write_sample
from govdash.synthetic.boundaries import write_sample_boundaries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=get_settings().sample_dir, help="target folder")
    args = parser.parse_args()
    rows = write_sample(generate_sample(), args.out)
    for name, count in rows.items():
        size = (args.out / name).stat().st_size
        print(f"{name:24} {count:>8} 行 {size / 1024:>8.0f} KB")
    boundaries = write_sample_boundaries(args.out)
    print(f"{boundaries.name:24} {'':>8}    {boundaries.stat().st_size / 1024:>8.0f} KB")
    total = sum((args.out / name).stat().st_size for name in rows)
    print(f"{'合计':22} {sum(rows.values()):>8} 行 {total / 1024 / 1024:>8.2f} MB")


if __name__ == "__main__":
    main()
