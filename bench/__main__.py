"""Run the benchmarks: ``python -m bench [NAME ...]`` (``make bench``).

Each benchmark prints its figure, its same-run baseline and its goal. Results are also written
to bench/out/results.json; docs/PERFORMANCE.md records the latest figures.
"""

from __future__ import annotations

import argparse
import sys

from bench import (
    bench_central,
    bench_export,
    bench_store,
    bench_sync,
    bench_ui,
    figures_100k,
    mywork_100k,
)
from bench.common import machine, save

BENCHMARKS = {
    **bench_store.BENCHMARKS,
    **bench_ui.BENCHMARKS,
    **bench_export.BENCHMARKS,
    **bench_sync.BENCHMARKS,
    **bench_central.BENCHMARKS,
    **mywork_100k.BENCHMARKS,
    **figures_100k.BENCHMARKS,
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", help=f"which to run (default all): {', '.join(BENCHMARKS)}"
    )
    args = parser.parse_args()
    names = args.names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    print(f"Machine: {machine()}", flush=True)
    results = []
    for name in names:
        print(f"\n== {name}", flush=True)
        result = BENCHMARKS[name]()
        print(result.line(), flush=True)
        results.append(result)
    save(results)
    print("\nSummary:")
    for r in results:
        print("  " + r.line())
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
