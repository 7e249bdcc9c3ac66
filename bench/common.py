"""Shared benchmark plumbing: timing, machine description, cached large stores."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
BENCH_PASSPHRASE = "benchmark profile passphrase"  # synthetic data only


@dataclass
class Result:
    name: str
    figure: float
    unit: str
    baseline_name: str
    baseline: float
    goal: str
    ok: bool
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.figure / self.baseline if self.baseline else float("nan")

    def line(self) -> str:
        verdict = "meets goal" if self.ok else "MISSES GOAL"
        return (
            f"{self.name}: {self.figure:,.1f} {self.unit} | baseline ({self.baseline_name}): "
            f"{self.baseline:,.1f} {self.unit} | ratio {self.ratio:.2f} | "
            f"goal {self.goal} -> {verdict}"
        )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores{mem}, {system}, Python {sys.version.split()[0]}"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(repeat):
        t, _ = timed(fn)
        samples.append(t * 1000)
    return statistics.median(samples), samples


def fresh_dir(name: str) -> Path:
    path = OUT / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def save(results: list[Result]) -> None:
    OUT.mkdir(exist_ok=True)
    data = {
        "machine": machine(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "results": [asdict(r) | {"ratio": r.ratio} for r in results],
    }
    existing: dict[str, Any] = {}
    path = OUT / "results.json"
    if path.exists():
        existing = json.loads(path.read_text())
    merged = {r["name"]: r for r in existing.get("results", [])}
    merged.update({r["name"]: r for r in data["results"]})
    data["results"] = list(merged.values())
    path.write_text(json.dumps(data, indent=2))
