"""--invalid-out (every invalid document verbatim, one per line, compressed by suffix, to a path or
URL) and --summary json / the text summary's top five."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import fsspec
import pytest
import zstandard
from click.testing import CliRunner, Result

from conftest import SCHEMA
from schemasmith.cli.main import main
from schemasmith.validate.job.counts import field

VALID = {"timestamp": "2025-09-25T22:48:13.771Z", "channel_manager_service": "hedy", "duration": 12.5}


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", "--schema", str(SCHEMA), *args], catch_exceptions=False)


def mixed_log(count: int) -> tuple[bytes, list[bytes]]:
    """A log with invalid lines of several kinds (schema errors, malformed JSON, CRLF endings),
    and the invalid lines as they must come out."""
    lines, bad = [], []
    for i in range(1, count + 1):
        if i % 13 == 0:
            line = b'{"timestamp": "2025-09-25T22:48:13Z", "duration": NaN}'
        elif i % 7 == 0:
            line = json.dumps(dict(VALID, duration="long", n=i), separators=(",", ":")).encode()
        elif i % 17 == 0:
            line = b""
        else:
            line = json.dumps(dict(VALID, n=i)).encode()
        if line and (i % 13 == 0 or i % 7 == 0):
            bad.append(line)
        lines.append(line + (b"\r\n" if i % 5 == 0 else b"\n"))
    return b"".join(lines), bad


@pytest.mark.parametrize("suffix", ["", ".gz", ".zst"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_invalid_documents_are_written_verbatim_in_input_order(tmp_path: Path, suffix: str, jobs: str) -> None:
    data, bad = mixed_log(2000)
    first = tmp_path / "a.ndjson"
    first.write_bytes(data)
    second = tmp_path / "b.ndjson.gz"
    second.write_bytes(gzip.compress(data))
    out = tmp_path / f"bad.ndjson{suffix}"
    result = cli("--jobs", jobs, "--invalid-out", str(out), str(first), str(second))
    assert result.exit_code == 1
    written = out.read_bytes()
    if suffix == ".gz":
        written = gzip.decompress(written)
    elif suffix == ".zst":
        written = zstandard.ZstdDecompressor().stream_reader(written).read()
    assert written == b"".join(line + b"\n" for line in bad + bad)


def test_the_output_is_the_same_bytes_every_run(tmp_path: Path) -> None:
    data, _ = mixed_log(300)
    (tmp_path / "a.ndjson").write_bytes(data)
    outputs = []
    for name in ("one.ndjson.gz", "two.ndjson.gz"):
        cli("--invalid-out", str(tmp_path / name), str(tmp_path / "a.ndjson"))
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_a_multiline_json_document_goes_on_one_line_with_the_same_value(tmp_path: Path) -> None:
    document = dict(VALID, duration="long", note="a  b")
    path = tmp_path / "one.json"
    path.write_text(json.dumps(document, indent=2))
    (tmp_path / "ok.json").write_text(json.dumps(VALID, indent=2))
    out = tmp_path / "bad.ndjson"
    cli("--invalid-out", str(out), str(path), str(tmp_path / "ok.json"))
    [line] = out.read_bytes().splitlines()
    assert json.loads(line) == document


def test_max_errors_stops_the_quarantine_where_it_stops_the_report(tmp_path: Path) -> None:
    data, bad = mixed_log(200)
    (tmp_path / "a.ndjson").write_bytes(data)
    out = tmp_path / "bad.ndjson"
    result = cli("--max-errors", "3", "--invalid-out", str(out), str(tmp_path / "a.ndjson"))
    assert result.exit_code == 1
    assert out.read_bytes() == b"".join(line + b"\n" for line in bad[:3])


def test_invalid_out_to_a_url(tmp_path: Path) -> None:
    data, bad = mixed_log(100)
    (tmp_path / "a.ndjson").write_bytes(data)
    url = "memory://quarantine-test/bad.ndjson.zst"
    result = cli("--invalid-out", url, str(tmp_path / "a.ndjson"))
    assert result.exit_code == 1
    packed = fsspec.filesystem("memory").cat(url)
    assert zstandard.ZstdDecompressor().stream_reader(packed).read() == b"".join(line + b"\n" for line in bad)


def test_an_unwritable_invalid_out_is_one_error_before_anything_runs(tmp_path: Path) -> None:
    (tmp_path / "a.ndjson").write_bytes(mixed_log(10)[0])
    result = cli("--invalid-out", str(tmp_path / "no" / "such" / "dir" / "bad.ndjson"), str(tmp_path / "a.ndjson"))
    assert result.exit_code == 2
    assert "schemasmith: error: cannot write --invalid-out" in result.stderr
    assert "No such file or directory" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.output


# -- summaries ----------------------------------------------------------------------------------


def test_summary_json_counts_per_keyword_and_per_field(tmp_path: Path) -> None:
    lines = [
        dict(VALID, duration="long"),
        dict(VALID, duration="long"),
        dict(VALID, timestamp="not-a-date"),
        {k: v for k, v in VALID.items() if k != "timestamp"},
    ]
    path = tmp_path / "a.ndjson"
    path.write_text("".join(json.dumps(d) + "\n" for d in lines) + "{broken\n\n")
    result = cli("--summary", "json", str(path), str(tmp_path / "missing.ndjson"))
    assert result.exit_code == 2
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert summary == {
        "files": 1, "documents": 5, "invalid": 5, "issues": 5, "blank_lines": 1, "unreadable": 1,
        "stopped_early": False, "exit_code": 2,
        "keywords": {"anyOf": 2, "(not parsed)": 1, "format": 1, "required": 1},
        "pointers": {"/duration": 2, "": 1, "/timestamp": 1},
    }


def test_the_text_summary_shows_the_top_five(tmp_path: Path) -> None:
    lines = [dict(VALID, duration="long")] * 3 + [dict(VALID, timestamp="x")] * 2
    path = tmp_path / "a.ndjson"
    path.write_text("".join(json.dumps(d) + "\n" for d in lines))
    result = cli(str(path))
    [line] = result.stderr.strip().splitlines()  # still the one summary line
    assert line.startswith("schemasmith: 5 document(s) in 1 file: 5 invalid (5 error(s)); "
                           "top failing fields: #/duration (3), #/timestamp (2); top keywords: anyOf (3), format (2) [")
    many = [dict(VALID, **{f"x{i}": 1}, timestamp="x", duration="y") for i in range(3)]
    path.write_text("".join(json.dumps(d) + "\n" for d in many) + "[1]\n[2]\n{\n")
    shown = cli("--strict", str(path)).stderr.split("top failing fields: ")[1].split(";")[0]
    assert shown.count("(") == 5  # five fields at most


def test_array_indices_count_as_one_field() -> None:
    assert field("/events/3/type") == field("/events/12/type") == "/events/*/type"
    assert field("/a10/b") == "/a10/b"
    assert field("") == ""
