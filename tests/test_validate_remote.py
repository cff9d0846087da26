"""Inputs named by URL, through fsspec: memory://, file://, http:// (a local server), globs
expanded; every failure is one error naming the URL, never a traceback."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import fsspec
import pytest
import zstandard
from click.testing import CliRunner, Result

from conftest import SCHEMA
from schemasmith.cli.main import main

VALID = {"timestamp": "2025-09-25T22:48:13.771Z", "channel_manager_service": "hedy", "duration": 12.5}
INVALID = dict(VALID, duration="long")


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", "--schema", str(SCHEMA), *args], catch_exceptions=False)


def records(result: Result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def log(*documents: dict) -> bytes:
    return "".join(json.dumps(d) + "\n" for d in documents).encode()


@pytest.fixture
def bucket() -> Iterator[str]:
    fs = fsspec.filesystem("memory")
    root = "/schemasmith-test"
    fs.pipe(f"{root}/2026-12-01/a.ndjson.zst", zstandard.ZstdCompressor().compress(log(VALID, INVALID)))
    fs.pipe(f"{root}/2026-12-01/b.ndjson.gz", gzip.compress(log(INVALID, VALID, INVALID)))
    fs.pipe(f"{root}/2026-12-02/c.ndjson.zst", zstandard.ZstdCompressor().compress(log(VALID)))
    fs.pipe(f"{root}/2026-11-30/old.ndjson.zst", zstandard.ZstdCompressor().compress(log(INVALID)))
    fs.pipe(f"{root}/one.json", json.dumps(INVALID, indent=2).encode())
    yield f"memory://{root}"
    fs.rm(root, recursive=True)


def test_a_glob_over_urls_is_expanded_in_sorted_order(bucket: str) -> None:
    result = cli("--format", "json", f"{bucket}/2026-12-*/*.ndjson.*")
    assert result.exit_code == 1, result.output
    found = [(r["file"].rsplit("/", 1)[1], r["line"], r["pointer"]) for r in records(result)]
    assert found == [("a.ndjson.zst", 2, "/duration"), ("b.ndjson.gz", 1, "/duration"), ("b.ndjson.gz", 3, "/duration")]
    assert "6 document(s) in 3 files" in result.stderr


def test_a_url_directory_is_searched_and_a_json_url_is_one_document(bucket: str) -> None:
    result = cli("--format", "json", bucket)
    assert result.exit_code == 1
    names = [r["file"].rsplit("/", 1)[1] for r in records(result)]
    assert names == ["old.ndjson.zst", "a.ndjson.zst", "b.ndjson.gz", "b.ndjson.gz", "one.json"]
    one = [r for r in records(result) if r["file"].endswith("one.json")]
    assert one[0]["line"] == 4  # the line of /duration in the indented document


def test_file_urls_work_like_paths(tmp_path: Path) -> None:
    (tmp_path / "x.ndjson.gz").write_bytes(gzip.compress(log(VALID, INVALID)))
    result = cli("--format", "json", f"file://{tmp_path}/*.ndjson.gz")
    assert [(r["line"], r["pointer"]) for r in records(result)] == [(2, "/duration")]
    assert result.exit_code == 1


def test_a_glob_matching_nothing_and_a_missing_object_name_the_url(bucket: str) -> None:
    result = cli("--format", "json", f"{bucket}/2027-*/*.ndjson", f"{bucket}/missing.ndjson", f"{bucket}/2026-12-02/c.ndjson.zst")
    assert result.exit_code == 2
    errors = [r for r in records(result) if r["keyword"] is None]
    assert [r["file"] for r in errors] == [f"{bucket}/2027-*/*.ndjson", f"{bucket}/missing.ndjson"]
    assert errors[0]["message"] == "cannot read: no files match this pattern"
    assert errors[1]["message"] == "cannot read: no such file or object"
    assert "1 document(s)" in result.stderr  # the readable URL was still validated
    assert "Traceback" not in result.output


def test_a_filesystem_that_is_not_installed_names_the_extra() -> None:
    result = cli("gs://some-bucket/logs.ndjson")
    if "no filesystem" not in result.stderr:
        pytest.skip("gcsfs is installed here")
    assert result.exit_code == 2
    assert "schemasmith: error: gs://some-bucket/logs.ndjson: cannot read: no filesystem for gs:// is installed (pip install 'schemasmith[gcs]')" in result.stderr


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    server.server_close()


def test_an_http_url_is_read_and_decompressed(web: tuple[str, Path]) -> None:
    pytest.importorskip("aiohttp")
    base, folder = web
    lines = [dict(VALID, n=i) if i % 5 else INVALID for i in range(1, 2001)]
    (folder / "logs.ndjson.gz").write_bytes(gzip.compress(log(*lines)))
    result = cli("--format", "json", f"{base}/logs.ndjson.gz")
    assert result.exit_code == 1, result.output
    assert [r["line"] for r in records(result)] == list(range(5, 2001, 5))


def test_an_unreachable_url_is_one_error_and_the_run_goes_on(web: tuple[str, Path], tmp_path: Path) -> None:
    pytest.importorskip("aiohttp")
    base, folder = web
    local = tmp_path / "local.ndjson"
    local.write_bytes(log(INVALID))
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    result = cli("--format", "json", "http://127.0.0.1:9/logs.ndjson", f"{base}/nothing-here.ndjson", str(local))
    assert result.exit_code == 2
    rows = records(result)
    assert [r["file"] for r in rows] == ["http://127.0.0.1:9/logs.ndjson", f"{base}/nothing-here.ndjson", str(local)]
    assert rows[0]["message"].startswith("cannot read: cannot connect: ") and rows[0]["keyword"] is None
    assert rows[1]["message"] == "cannot read: no such file or object"
    assert rows[2]["pointer"] == "/duration"
    assert "Traceback" not in result.output


def test_missing_credentials_are_one_error_per_url(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("s3fs")
    # No credentials anywhere botocore looks (environment, files, the instance metadata service):
    # it refuses to sign the request before any network traffic.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    import fsspec

    fsspec.filesystem("s3").clear_instance_cache()
    urls = ["s3://schemasmith-test-no-bucket/2026-12-*/*.ndjson.zst", "s3://schemasmith-test-no-bucket/a.ndjson"]
    result = cli("--format", "json", *urls)
    assert result.exit_code == 2
    rows = records(result)
    assert [r["file"] for r in rows] == urls
    for row in rows:
        assert row["message"].startswith("cannot read: missing or incomplete credentials (NoCredentialsError")
    assert "Traceback" not in result.output
