"""Benchmark `schemasmith validate` at data scale: compressed inputs, --jobs 2, --engine dask.

Run from the repository root (not part of the test suite):

    .venv/bin/python bench/scale_bench.py [--lines 2000000] [--rounds 3] [--no-record]

It writes the Session NDJSON of bench/validate_bench.py (deterministic, ~1% invalid) to a temporary
folder, with a gzip (ISA-L level 3, i.e. `gzip -6`-sized) and a zstd (level 3) copy, then times, as
whole processes (start-up included), in interleaved rounds: the plain file, the .gz and the .zst with
--jobs 1, the plain file with --jobs 2, and `--engine dask --jobs 2` (a local cluster of 2 worker
processes, its start-up included). Ratios are given best against best and as the median of each
round's own ratio (against the mean of the round's first and last plain --jobs 1 run, the plain file
being run again at the end of each round); each run's CPU seconds (its workers' included) are recorded too. Before and after
each round, the machine's two-process ceiling is measured (a pure-Python loop, two processes at once
against one alone): on shared cores it is what two processes of anything could gain at that moment,
and the two-process rows are also given as a share of it. Memory: one more untimed run each of the plain, .gz and .zst files, the peak RSS
of the largest process sampled every 100 ms. Dask: one more run in this process on a LocalCluster of
2 workers, whose task stream gives each worker's busy seconds and the documents of its ranges, so
per-worker docs/s. The "## Validation at scale" section of bench/RESULTS.md is replaced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate_bench import (  # noqa: E402 - the same data and machine description as the main bench
    REPO, RESULTS, SCHEMA_PATH, cpu_pressure, machine, use_compiled_modules, write_ndjson,
)
import validate_bench  # noqa: E402

SECTION = "## Validation at scale"
TARGETS = {"gzip vs plain": 0.7, "zstd vs plain": 0.9, "--jobs 2 vs --jobs 1": 1.7, "dask (2 workers) vs --jobs 1": 1.5}


def compress(plain: Path, folder: Path) -> tuple[Path, Path]:
    from isal import igzip
    import zstandard

    gz = folder / "sessions.ndjson.gz"
    zst = folder / "sessions.ndjson.zst"
    with open(plain, "rb") as source, igzip.open(gz, "wb", compresslevel=3) as out:
        while block := source.read(1 << 22):
            out.write(block)
    with open(plain, "rb") as source, open(zst, "wb") as raw:
        zstandard.ZstdCompressor(level=3).copy_stream(source, raw)
    return gz, zst


# The machine's own two-process ceiling: a pure-Python loop (no I/O, no memory traffic, nothing of
# ours) timed alone, then as two processes at once. On two idle cores two copies take as long as
# one (ceiling 2.0x); on cores other jobs share, less. --jobs 2 and dask cannot beat it.
LOOP = "s = 0\nfor i in range(12_000_000): s += i"  # ~0.7 s alone on an idle core, as long as a run


def two_process_ceiling() -> float:
    """How many times one process's throughput two processes reach here, right now."""
    command = [sys.executable, "-c", LOOP]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    alone = time.perf_counter() - started
    started = time.perf_counter()
    pair = [subprocess.Popen(command) for _ in range(2)]
    for process in pair:
        process.wait()
    together = time.perf_counter() - started
    return 2 * alone / together


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(arguments: list[str], sample_memory: bool = False) -> tuple[float, int, float]:
    """(seconds, invalid records, peak RSS of the largest process in MB when sampled); the run's
    CPU seconds (its own and its workers', user and system) go to LAST_CPU."""
    global LAST_CPU
    command = [sys.executable, "-m", "schemasmith", "validate", "--format", "json", *arguments]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=validate_bench.CLI_ENVIRONMENT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                peak[0] = max(peak[0], *(p.memory_info().rss for p in [root, *root.children(recursive=True)]))
            except (psutil.Error, ValueError):
                pass
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    if sample_memory:
        sampler.join()
    LAST_CPU = _children_cpu() - cpu_before
    if process.returncode not in (0, 1):
        raise SystemExit(f"schemasmith validate {' '.join(arguments)} failed: {stderr.decode()}")
    return seconds, stdout.count(b"\n"), peak[0] / 1e6


LAST_CPU = 0.0


def per_worker(path: Path) -> list[tuple[str, int, float]]:
    """(worker, documents, busy seconds) from a dask run on a LocalCluster of 2 workers."""
    import distributed

    from schemasmith.validate.job.run import ValidationRun

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster, distributed.Client(cluster) as client:
        with distributed.get_task_stream(client) as stream:
            validation = ValidationRun([str(path)], SCHEMA_PATH, engine="dask", scheduler=cluster.scheduler_address)
            for _ in validation:
                pass
        tasks = [t for t in stream.data if str(t["key"]).startswith("schemasmith-")]
    ranges = _ranges(path, validation._chunk_bytes)
    by_start = dict(ranges)
    workers: dict[str, list[float]] = {}
    with open(path, "rb") as handle:
        for task in tasks:
            start = int(str(task["key"]).split("-")[-2])
            handle.seek(start)
            documents = handle.read(by_start[start] - start).count(b"\n")
            busy = sum(part["stop"] - part["start"] for part in task["startstops"] if part["action"] == "compute")
            entry = workers.setdefault(task["worker"], [0, 0.0])
            entry[0] += documents
            entry[1] += busy
    return [(worker, int(docs), busy) for worker, (docs, busy) in sorted(workers.items())]


def _ranges(path: Path, chunk: int) -> list[tuple[int, int]]:
    from schemasmith.validate.job.sources import Source, file_tasks

    return [(t.start, t.end) for t in file_tasks(0, Source(str(path), path, True), chunk)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-record", action="store_true")
    options = parser.parse_args()
    load_at_start, pressure_at_start = os.getloadavg(), cpu_pressure()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plain = folder / "sessions.ndjson"
        write_ndjson(plain, options.lines)
        gz, zst = compress(plain, folder)
        sizes = {p.suffix: p.stat().st_size / 1e6 for p in (plain, gz, zst)}
        print(f"generated {options.lines:,} lines: {sizes}", flush=True)
        use_compiled_modules(folder)
        empty = folder / "empty.ndjson"
        empty.write_bytes(b"")
        run(["--jobs", "2", str(empty)])  # untimed: byte-compiles the modules
        runs = {
            "plain --jobs 1": ["--jobs", "1", str(plain)],
            "gzip --jobs 1": ["--jobs", "1", str(gz)],
            "zstd --jobs 1": ["--jobs", "1", str(zst)],
            "plain --jobs 2": ["--jobs", "2", str(plain)],
            "plain --engine dask (2 workers)": ["--engine", "dask", "--jobs", "2", str(plain)],
            "dask start-up (empty input)": ["--engine", "dask", "--jobs", "2", str(empty)],
        }
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        ceiling: list[float] = []
        plain_again: list[float] = []
        found: dict[str, int] = {}
        for round_number in range(1, options.rounds + 1):
            ceiling.append(two_process_ceiling())
            print(f"  round {round_number}: the machine's two-process ceiling {ceiling[-1]:.2f}x", flush=True)
            for name, arguments in runs.items():
                elapsed, invalid, _ = run(arguments)
                seconds[name].append(elapsed)
                cpu[name].append(LAST_CPU)
                found[name] = invalid
                print(f"  round {round_number}: {name:<34} {elapsed:>7.2f} s  {LAST_CPU:>6.2f} CPU s", flush=True)
            # The plain file once more: each round's ratios are taken against the mean of its first and
            # last run, so load that rises or falls during the round does not favour one side.
            elapsed, _, _ = run(runs["plain --jobs 1"])
            plain_again.append(elapsed)
            print(f"  round {round_number}: {'plain --jobs 1 (again)':<34} {elapsed:>7.2f} s", flush=True)
            ceiling.append(two_process_ceiling())
            print(f"  round {round_number}: the machine's two-process ceiling {ceiling[-1]:.2f}x", flush=True)
        memory = {name: run(runs[name], sample_memory=True)[2] for name in ("plain --jobs 1", "gzip --jobs 1", "zstd --jobs 1")}
        workers = per_worker(plain)
    report = render(options, sizes, seconds, plain_again, cpu, ceiling, found, memory, workers, load_at_start,
                    pressure_at_start)
    print(report)
    if not options.no_record:
        validate_bench.SECTION = SECTION
        validate_bench.write_section(report)
        print(f"wrote the {SECTION!r} section of {RESULTS.relative_to(REPO)}")


def render(options: Any, sizes: dict[str, float], seconds: dict[str, list[float]], plain_again: list[float],
           cpu: dict[str, list[float]],
           ceiling: list[float], found: dict[str, int], memory: dict[str, float],
           workers: list[tuple[str, int, float]], load_at_start: tuple[float, ...], pressure_at_start: str) -> str:
    lines = options.lines
    best = {name: min(values) for name, values in seconds.items()}

    # Each round's plain --jobs 1 time: the mean of its first and last run.
    reference = [(first + last) / 2 for first, last in zip(seconds["plain --jobs 1"], plain_again)]
    best["plain --jobs 1"] = min(seconds["plain --jobs 1"] + plain_again)

    def ratio(faster: str, slower: str) -> tuple[float, float]:
        own = statistics.median(s / f for f, s in zip(seconds[faster], reference))
        return best[slower] / best[faster], own

    def of_ceiling(faster: str) -> str:
        # Each round's own ratio over the ceiling measured around that round (before and after it).
        shares = [(s / f) / ((ceiling[2 * r] + ceiling[2 * r + 1]) / 2)
                  for r, (f, s) in enumerate(zip(seconds[faster], reference))]
        return f"{statistics.median(shares):.0%}"

    pairs = {
        "gzip vs plain": ratio("gzip --jobs 1", "plain --jobs 1"),
        "zstd vs plain": ratio("zstd --jobs 1", "plain --jobs 1"),
        "--jobs 2 vs --jobs 1": ratio("plain --jobs 2", "plain --jobs 1"),
        "dask (2 workers) vs --jobs 1": ratio("plain --engine dask (2 workers)", "plain --jobs 1"),
    }
    faster_run = {"--jobs 2 vs --jobs 1": "plain --jobs 2", "dask (2 workers) vs --jobs 1": "plain --engine dask (2 workers)"}
    load_at_end = os.getloadavg()
    out = [
        SECTION,
        "",
        f"Written by `.venv/bin/python bench/scale_bench.py --lines {lines:,} --rounds {options.rounds}` "
        f"(rerun it rather than edit this). Run on {dt.date.today().isoformat()}: {lines:,} Session lines "
        f"({sizes['.ndjson']:,.0f} MB plain, {sizes['.gz']:,.0f} MB gzip, {sizes['.zst']:,.0f} MB zstd), "
        f"{options.rounds} interleaved rounds, each run a whole `schemasmith validate` process (start-up "
        "included; dask's includes starting its local cluster)."
        + ("" if sizes[".ndjson"] >= 4_500 else " The issue asked for about 5 GB; this run was scaled down so "
           "that all rounds fit in the time the session allowed."),
        "",
        f"Machine: {machine()}. Load average at start {' / '.join(f'{x:.2f}' for x in load_at_start)}, at end "
        f"{' / '.join(f'{x:.2f}' for x in load_at_end)}; CPU pressure (PSI some, avg60) at start "
        f"{pressure_at_start}, at end {cpu_pressure()}. {validate_bench.load_note(load_at_start, load_at_end)}",
        "",
        "| run | best s | docs/s (best) | CPU s (median; workers included) | invalid reported |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, values in seconds.items():
        rate = "—" if "empty" in name else f"{lines / best[name]:,.0f}"
        out.append(f"| {name} | {best[name]:.2f} | {rate} | {statistics.median(cpu[name]):.2f} | {found[name]:,} |")
    out += ["", f"The machine's two-process ceiling — a pure-Python loop run as two processes at once against "
            f"one alone, before and after each round, so what two processes of anything could gain here then "
            f"(2.0× on two idle cores): median {statistics.median(ceiling):.2f}×, range "
            f"{min(ceiling):.2f}–{max(ceiling):.2f}×. The two-process rows cannot beat it; `of ceiling` is "
            "the median over the rounds of each round's ratio over the ceiling measured around it (the "
            "target 1.7× is 85% of an idle machine's 2.0×; the other jobs' load changes within a round, "
            "so a share above 100% is noise, not a gain beyond the machine).", "",
            "| ratio | best vs best | median of the rounds' own | of ceiling | target | met (median) |",
            "| --- | ---: | ---: | ---: | ---: | --- |"]
    for name, (best_ratio, own) in pairs.items():
        target = TARGETS[name]
        share = of_ceiling(faster_run[name]) if name in ("--jobs 2 vs --jobs 1", "dask (2 workers) vs --jobs 1") else ""
        out.append(f"| {name} | {best_ratio:.2f}× | {own:.2f}× | {share} | ≥ {target}× | "
                   f"{'yes' if own >= target else 'NO'} |")
    worst = max(memory.values())
    out.append(f"| peak RSS, largest process (plain, gzip, zstd: "
               f"{', '.join(f'{v:,.0f}' for v in memory.values())} MB) | {worst:,.0f} MB | | < 120 MB | "
               f"{'yes' if worst < 120 else 'NO'} |")
    startup = min(seconds["dask start-up (empty input)"])
    dask_best = best["plain --engine dask (2 workers)"]
    out += ["", f"Dask without its {startup:.2f} s start-up (cluster up, schema compiled on the workers): "
            f"{lines / max(dask_best - startup, 1e-9):,.0f} docs/s. Per worker (a separate in-process run on "
            "a LocalCluster of 2 workers; busy seconds are the workers' own compute time from the task "
            "stream, documents those of the ranges each ran):", "",
            "| worker | documents | busy s | docs/s while busy |", "| --- | ---: | ---: | ---: |"]
    for worker, documents, busy in workers:
        out.append(f"| {worker} | {documents:,} | {busy:.2f} | {documents / max(busy, 1e-9):,.0f} |")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    main()
