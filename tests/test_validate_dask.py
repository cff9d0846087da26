"""--engine dask on a real distributed.LocalCluster: the same records, order, summary and exit code
as the local run; ranges of large files and whole compressed files spread across workers; a worker
that dies is one error for its input."""

from __future__ import annotations

import gzip
import http.server
import json
import os
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import zstandard
from click.testing import CliRunner, Result

from conftest import SCHEMA
from schemasmith.cli.main import main
from schemasmith.validate.job.run import ValidationRun

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.xdist_group("dask")

VALID = {"timestamp": "2025-09-25T22:48:13.771Z", "channel_manager_service": "hedy", "duration": 12.5}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as local:
        yield local


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", "--schema", str(SCHEMA), *args], catch_exceptions=False)


def log(count: int, seed: int = 0) -> bytes:
    lines = []
    for i in range(1, count + 1):
        if i % 23 == 0:
            lines.append("")
        elif i % 31 == 0:
            lines.append('{"timestamp": "2025-09-25T22:48:13Z", "duration": Infinity}')
        elif (i + seed) % 9 == 0:
            lines.append(json.dumps(dict(VALID, duration="long", n=i)))
        elif (i + seed) % 13 == 0:
            lines.append(json.dumps(dict(VALID, timestamp="2025-02-30T00:00:00Z", n=i)))
        else:
            lines.append(json.dumps(dict(VALID, n=i)))
    return ("\n".join(lines) + "\n").encode()


def inputs(folder: Path) -> list[str]:
    (folder / "a.ndjson").write_bytes(log(6000))
    (folder / "b.ndjson.gz").write_bytes(gzip.compress(log(3000, seed=1)))
    (folder / "c.ndjson.zst").write_bytes(zstandard.ZstdCompressor().compress(log(2500, seed=2)))
    (folder / "d.json").write_text(json.dumps(dict(VALID, duration="long"), indent=2))
    (folder / "e.ndjson").write_bytes(b"")
    return [str(folder / n) for n in ("a.ndjson", "b.ndjson.gz", "c.ndjson.zst", "d.json", "e.ndjson")] + [
        str(folder / "missing.ndjson")]


def run(paths: list[str], **options: Any) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    validation = ValidationRun(paths, SCHEMA, **options)
    found = [(i.file, i.line, i.pointer, i.message, i.keyword) for i in validation]
    s = validation.summary
    return found, (s.files, s.documents, s.invalid, s.blank_lines, s.issues, s.unreadable, s.exit_code)


def test_the_dask_run_gives_the_local_runs_records_in_the_same_order(tmp_path: Path, cluster: Any) -> None:
    paths = inputs(tmp_path)
    # 16 KB ranges: the 6,000-line file is cut into dozens of tasks spread over both workers.
    local = run(paths, chunk_bytes=16 * 1024)
    on_dask = run(paths, chunk_bytes=16 * 1024, engine="dask", scheduler=cluster.scheduler_address)
    assert on_dask == local
    assert len(local[0]) > 1000 and local[1][-1] == 2


def test_the_work_is_spread_over_the_workers(tmp_path: Path, cluster: Any) -> None:
    paths = inputs(tmp_path)
    with distributed.Client(cluster.scheduler_address) as client:
        with distributed.get_task_stream(client) as stream:
            run(paths, chunk_bytes=8 * 1024, engine="dask", scheduler=cluster.scheduler_address)
    ours = [task for task in stream.data if str(task["key"]).startswith("schemasmith-")]
    # The 6,000-line file in ~8 KB ranges, plus the compressed files and the .json, one task each.
    assert len(ours) > 40
    assert len({task["worker"] for task in ours}) == 2


def test_the_cli_on_a_cluster_matches_the_local_cli_byte_for_byte(tmp_path: Path, cluster: Any) -> None:
    paths = inputs(tmp_path)
    local = cli("--format", "json", "--summary", "json", "--invalid-out", str(tmp_path / "l.ndjson.gz"), *paths)
    on_dask = cli("--format", "json", "--summary", "json", "--invalid-out", str(tmp_path / "d.ndjson.gz"),
                  "--engine", "dask", "--scheduler", cluster.scheduler_address, *paths)
    assert on_dask.exit_code == local.exit_code == 2
    assert on_dask.stdout == local.stdout
    assert on_dask.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]
    assert (tmp_path / "d.ndjson.gz").read_bytes() == (tmp_path / "l.ndjson.gz").read_bytes()
    assert len(gzip.decompress((tmp_path / "l.ndjson.gz").read_bytes()).splitlines()) > 1000


def test_a_plain_file_at_a_url_is_cut_into_ranges_the_workers_read(tmp_path: Path, cluster: Any) -> None:
    (tmp_path / "web.ndjson").write_bytes(log(4000, seed=3))
    url = f"file://{tmp_path}/web.ndjson"
    local = run([url], chunk_bytes=16 * 1024)
    with distributed.Client(cluster.scheduler_address) as client:
        with distributed.get_task_stream(client) as stream:
            on_dask = run([url], chunk_bytes=16 * 1024, engine="dask", scheduler=cluster.scheduler_address)
    assert on_dask == local
    assert len(local[0]) > 300
    assert len([t for t in stream.data if str(t["key"]).startswith("schemasmith-web.ndjson")]) > 5


def test_a_server_without_range_requests_is_read_whole_by_one_worker(tmp_path: Path, cluster: Any) -> None:
    pytest.importorskip("aiohttp")
    (tmp_path / "web.ndjson").write_bytes(log(4000, seed=3))
    # Python's http.server answers no Range requests: the file cannot be cut, only read through.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/web.ndjson"
        local = run([url], chunk_bytes=16 * 1024)
        on_dask = run([url], chunk_bytes=16 * 1024, engine="dask", scheduler=cluster.scheduler_address)
        missing = run([url + ".missing"], engine="dask", scheduler=cluster.scheduler_address)
    finally:
        server.shutdown()
        server.server_close()
    assert on_dask == local
    assert len(local[0]) > 300
    assert missing[0] == [(url + ".missing", None, "", "cannot read: no such file or object", None)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_a_local_cluster_is_started_when_no_scheduler_is_given(tmp_path: Path) -> None:
    paths = inputs(tmp_path)[:2]
    local = cli("--format", "json", *paths)
    on_dask = cli("--format", "json", "--engine", "dask", "--jobs", "1", *paths)
    assert on_dask.exit_code == local.exit_code == 1
    assert on_dask.stdout == local.stdout
    assert "Traceback" not in on_dask.output


def test_an_unreachable_scheduler_is_one_error() -> None:
    result = cli("--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", str(SCHEMA))
    assert result.exit_code == 2
    assert result.stderr.startswith("schemasmith: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_scheduler_without_the_dask_engine_is_a_usage_error() -> None:
    result = cli("--scheduler", "tcp://127.0.0.1:9", str(SCHEMA))
    assert result.exit_code == 2
    assert "--scheduler is for --engine dask" in result.stderr


class _KillOnDoomed(distributed.WorkerPlugin):
    """Kills the worker process the moment it starts a task for a file named doomed*."""

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and "doomed" in str(key):
            os._exit(1)


def test_a_worker_that_dies_is_one_error_for_its_input_and_the_run_goes_on(tmp_path: Path) -> None:
    import dask

    (tmp_path / "doomed.ndjson").write_bytes(log(500))
    (tmp_path / "fine.ndjson").write_bytes(log(500, seed=5))
    # No retries on other workers: the first death gives up the task (KilledWorker).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      silence_logs=50) as dying:
            with distributed.Client(dying) as client:
                client.register_plugin(_KillOnDoomed())
            result = cli("--format", "json", "--engine", "dask", "--scheduler", dying.scheduler_address,
                         str(tmp_path / "doomed.ndjson"), str(tmp_path / "fine.ndjson"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    doomed = [r for r in records if r["file"].endswith("doomed.ndjson")]
    assert len(doomed) == 1
    assert doomed[0]["message"] == ("cannot validate on the Dask cluster (bytes 0-"
                                    f"{(tmp_path / 'doomed.ndjson').stat().st_size:,}): "
                                    "the worker running it died (KilledWorker)")
    expected = [r for r in json.loads("[" + ",".join(
        cli("--format", "json", str(tmp_path / "fine.ndjson")).stdout.splitlines()) + "]")]
    assert [r for r in records if r["file"].endswith("fine.ndjson")] == expected != []


def test_the_local_clusters_workers_are_forked_copies_and_repeat_no_buffered_output(tmp_path: Path) -> None:
    """A local cluster's workers are forked from the running process (start-up in a fraction of a
    second, the schema already compiled); a missing input's record, written to stdout before the
    fork, must not be written again by a worker flushing its copy of the buffer when it exits."""
    import subprocess
    import sys

    import dask
    from schemasmith.validate.job.dask_engine import _forked_workers

    with _forked_workers():
        assert dask.config.get("distributed.worker.multiprocessing-method") == (
            "fork" if sys.platform.startswith("linux") else dask.config.get("distributed.worker.multiprocessing-method"))
    assert dask.config.get("distributed.worker.multiprocessing-method") != "fork"
    (tmp_path / "a.ndjson").write_bytes(log(3000))
    arguments = ["--schema", str(SCHEMA), "--format", "json", str(tmp_path / "missing.ndjson"), str(tmp_path / "a.ndjson")]
    command = [sys.executable, "-m", "schemasmith", "validate"]
    local = subprocess.run([*command, *arguments], capture_output=True, timeout=120, check=False)
    on_dask = subprocess.run([*command, "--engine", "dask", "--jobs", "2", *arguments], capture_output=True, timeout=120, check=False)
    assert on_dask.returncode == local.returncode == 2
    assert on_dask.stdout == local.stdout
    assert local.stdout.count(b"missing.ndjson") == 1
    assert b"Traceback" not in on_dask.stderr


def test_forked_workers_start_with_a_spawned_workers_signal_handlers_and_little_housekeeping() -> None:
    """The CLI turns SIGINT and SIGTERM into an exception for the command; a forked worker must not
    inherit that (its nanny terminates it with SIGTERM), but start as a spawned one does. The local
    cluster's workers run without Dask's statistical profiler (LOCAL_CLUSTER_QUIET), and the
    settings do not outlive the cluster's start in this process."""
    import signal

    import dask
    from schemasmith import interrupts
    from schemasmith.validate.job.dask_engine import _connect

    def handlers() -> tuple[str, bool, bool]:
        import signal

        import dask

        return (repr(signal.getsignal(signal.SIGTERM)), signal.getsignal(signal.SIGINT) is interrupts._raise,
                dask.config.get("distributed.worker.profile.enabled"))

    with interrupts.handled():
        assert signal.getsignal(signal.SIGTERM) is interrupts._raise
        client, cluster = _connect(None, 1)
        try:
            found = list(client.run(handlers).values())
        finally:
            client.close()
            cluster.close()
    assert found == [(repr(signal.SIG_DFL), False, False)]
    assert dask.config.get("distributed.worker.profile.enabled") is True
