"""Compressed inputs: .gz (isal), .zst (zstandard), .bz2, .xz, by suffix and by magic bytes; line
numbers as in the uncompressed file; damaged streams as one error for that input."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
from pathlib import Path
from typing import Any, Callable

import pytest
import zstandard
from click.testing import CliRunner, Result

from conftest import SCHEMA
from schemasmith.cli.main import main
from schemasmith.validate.job.compressed import DecompressionError, decompressed_pieces
from schemasmith.validate.job.run import ValidationRun

VALID = {"timestamp": "2025-09-25T22:48:13.771Z", "channel_manager_service": "hedy", "duration": 12.5}

COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": gzip.compress,
    ".zst": lambda d: zstandard.ZstdCompressor().compress(d),
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
}


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


def log_lines(count: int) -> bytes:
    """NDJSON with an invalid document every 7th line, a blank every 11th, a malformed one at 50."""
    out = []
    for i in range(1, count + 1):
        if i % 11 == 0:
            out.append("")
        elif i == 50:
            out.append('{"timestamp": ')
        elif i % 7 == 0:
            out.append(json.dumps(dict(VALID, duration="long", n=i)))
        else:
            out.append(json.dumps(dict(VALID, n=i)))
    return ("\n".join(out) + "\n").encode()


def issues(paths: list[Path], **options: Any) -> tuple[list[tuple[Any, ...]], Any]:
    run = ValidationRun([str(p) for p in paths], SCHEMA, **options)
    found = [(Path(i.file).name.split(".")[0], i.line, i.pointer, i.message, i.keyword) for i in run]
    return found, run.summary


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_compressed_log_gives_the_plain_files_issues_and_line_numbers(tmp_path: Path, suffix: str, jobs: int) -> None:
    data = log_lines(3000)
    plain = tmp_path / "plain" / "log.ndjson"
    plain.parent.mkdir()
    plain.write_bytes(data)
    packed = tmp_path / f"log.ndjson{suffix}"
    packed.write_bytes(COMPRESSORS[suffix](data))
    # Small chunks: the decompressed stream is cut into many blocks, at newlines.
    expected, expected_summary = issues([plain], chunk_bytes=4096)
    found, summary = issues([packed], chunk_bytes=4096, jobs=jobs)
    assert found == expected
    assert len(found) > 350 and any(line == 50 for _, line, *_ in found)
    assert (summary.documents, summary.invalid, summary.blank_lines, summary.exit_code) == (
        expected_summary.documents, expected_summary.invalid, expected_summary.blank_lines, 1)


def test_compression_is_found_by_magic_bytes_when_the_name_does_not_say(tmp_path: Path) -> None:
    data = log_lines(30)
    (tmp_path / "gz.ndjson").write_bytes(gzip.compress(data))
    (tmp_path / "zst.ndjson").write_bytes(zstandard.ZstdCompressor().compress(data))
    (tmp_path / "plain.ndjson").write_bytes(data)
    found, summary = issues([tmp_path / "gz.ndjson", tmp_path / "zst.ndjson", tmp_path / "plain.ndjson"])
    per_file = {name: [f[1:] for f in found if f[0] == name] for name in ("gz", "zst", "plain")}
    assert per_file["gz"] == per_file["zst"] == per_file["plain"] != []
    assert summary.exit_code == 1


def test_text_that_begins_like_bzip2_is_read_as_text(tmp_path: Path) -> None:
    # "BZh" is bzip2's first three bytes, and a line of text's too: only a block size and a
    # block's (or an empty stream's) magic after it make a bzip2 stream.
    data = log_lines(30)
    (tmp_path / "text.ndjson").write_bytes(b"BZh" + data)
    (tmp_path / "digits.ndjson").write_bytes(b"BZh91AY\n" + data)
    (tmp_path / "bz.ndjson").write_bytes(bz2.compress(data))
    (tmp_path / "empty.ndjson").write_bytes(bz2.compress(b""))
    (tmp_path / "plain.ndjson").write_bytes(data)
    found, summary = issues([tmp_path / name for name in ("text.ndjson", "digits.ndjson", "bz.ndjson", "empty.ndjson", "plain.ndjson")])
    per_file = {name: [f[1:] for f in found if f[0] == name] for name in ("text", "digits", "bz", "empty", "plain")}
    assert per_file["bz"] == per_file["plain"] != [] and per_file["empty"] == []
    assert per_file["plain"][0][0] > 1  # plain's first line is valid
    for name, shift in (("text", 0), ("digits", 1)):  # the first line is not JSON; the rest as in plain
        first, *rest = per_file[name]
        assert first[0] == 1 and first[3] is None and "invalid JSON" in first[2]
        assert rest == [(line + shift, *other) for line, *other in per_file["plain"]]
    assert summary.exit_code == 1  # every input was read (2 if one could not be)


def test_a_compressed_json_file_is_one_document_with_the_line_of_its_pointer(tmp_path: Path) -> None:
    path = tmp_path / "payload.json.gz"
    path.write_bytes(gzip.compress(json.dumps(dict(VALID, duration="long"), indent=2).encode()))
    result = cli("--format", "json", "--schema", str(SCHEMA), str(path))
    assert result.exit_code == 1
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["line"], record["pointer"], record["keyword"]) == (4, "/duration", "anyOf")


def test_a_name_with_only_a_compression_suffix_is_read_as_stdin_is(tmp_path: Path) -> None:
    lines = tmp_path / "logs.gz"
    lines.write_bytes(gzip.compress(log_lines(20)))
    one = tmp_path / "payload.zst"
    one.write_bytes(zstandard.ZstdCompressor().compress(json.dumps(VALID, indent=2).encode()))
    found, summary = issues([lines, one])
    assert summary.documents == 19 + 1  # 20 lines, one blank; plus the one document
    assert [f[1] for f in found if f[0] == "logs"] == [7, 14]
    assert not [f for f in found if f[0] == "payload"]


def test_a_directory_is_searched_for_compressed_logs_too(tmp_path: Path) -> None:
    (tmp_path / "a.ndjson.gz").write_bytes(gzip.compress(log_lines(10)))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(log_lines(10)))
    (tmp_path / "notes.txt.gz").write_bytes(gzip.compress(b"hello"))
    found, summary = issues([tmp_path])
    assert summary.files == 2
    assert sorted({f[0] for f in found}) == ["a", "b"]


def test_concatenated_gzip_members_and_zstd_frames_are_read_whole(tmp_path: Path) -> None:
    data = log_lines(40)
    half = data.index(b"\n", len(data) // 2) + 1
    (tmp_path / "m.ndjson.gz").write_bytes(gzip.compress(data[:half]) + gzip.compress(data[half:]))
    compressor = zstandard.ZstdCompressor()
    (tmp_path / "f.ndjson.zst").write_bytes(compressor.compress(data[:half]) + compressor.compress(data[half:]))
    (tmp_path / "p.ndjson").write_bytes(data)
    found, summary = issues([tmp_path / "m.ndjson.gz", tmp_path / "f.ndjson.zst", tmp_path / "p.ndjson"])
    per_file = {name: [f[1:] for f in found if f[0] == name] for name in ("m", "f", "p")}
    assert per_file["m"] == per_file["f"] == per_file["p"] != []
    assert summary.exit_code == 1


# -- damaged streams ----------------------------------------------------------------------------


def damaged(kind: str, data: bytes) -> bytes:
    if kind == "truncated.ndjson.gz":
        return gzip.compress(data)[:-200]
    if kind == "truncated.ndjson.zst":
        return zstandard.ZstdCompressor().compress(data)[:-200]
    if kind == "corrupt.ndjson.zst":
        packed = bytearray(zstandard.ZstdCompressor(write_checksum=True).compress(data))
        packed[len(packed) // 2 : len(packed) // 2 + 16] = b"\x00" * 16
        return bytes(packed)
    if kind == "corrupt.ndjson.gz":
        packed = bytearray(gzip.compress(data))
        packed[len(packed) // 2 : len(packed) // 2 + 16] = b"\xff" * 16
        return bytes(packed)
    if kind == "truncated.ndjson.bz2":
        return bz2.compress(data)[:-100]
    if kind == "truncated.ndjson.xz":
        return lzma.compress(data)[:-100]
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["truncated.ndjson.gz", "truncated.ndjson.zst", "corrupt.ndjson.zst",
                                  "corrupt.ndjson.gz", "truncated.ndjson.bz2", "truncated.ndjson.xz"])
def test_a_damaged_stream_is_one_error_for_that_input_and_the_run_goes_on(tmp_path: Path, kind: str) -> None:
    import random

    rng = random.Random(7)  # incompressible-ish text, so the damage lands inside the data
    data = b"".join(json.dumps(dict(VALID, n=rng.random())).encode() + b"\n" for _ in range(4000))
    bad = tmp_path / kind
    bad.write_bytes(damaged(kind, data))
    good = tmp_path / "z.ndjson"
    good.write_bytes(log_lines(14))
    result = cli("--format", "json", "--schema", str(SCHEMA), str(bad), str(good))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = [r for r in records if r["file"] == str(bad)]
    assert len(errors) == 1
    assert errors[0]["line"] is None and errors[0]["keyword"] is None
    compression = "gzip" if kind.endswith("gz") else "zstd" if kind.endswith("zst") else kind.rsplit(".", 1)[1]
    assert errors[0]["message"].startswith("cannot read: ")
    assert ("truncated" if kind.startswith("truncated") else "corrupt") in errors[0]["message"]
    if compression in ("gzip", "zstd"):
        assert compression in errors[0]["message"]
    # The next input is still validated.
    assert [r["line"] for r in records if r["file"] == str(good)] == [7, 14]
    assert "1 input(s) could not be read" in result.stderr


def test_a_damaged_stream_in_text_mode_is_a_one_line_error_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "t.ndjson.gz"
    bad.write_bytes(gzip.compress(log_lines(100))[:-30])
    result = cli("--schema", str(SCHEMA), str(bad))
    assert result.exit_code == 2
    assert f"schemasmith: error: {bad}: cannot read: truncated gzip stream" in result.stderr
    assert "Traceback" not in result.output


def test_documents_before_the_damage_are_validated(tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    lines = [json.dumps(dict(VALID, duration="x" if i % 100 == 0 else 1.0, pad=rng.random())) for i in range(1, 20001)]
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "cut.ndjson.gz"
    path.write_bytes(packed[: len(packed) * 9 // 10])
    found, summary = issues([path], chunk_bytes=64 * 1024)
    reported = [f[1] for f in found if f[1] is not None]
    # Every line reported is a real invalid one, at its own line number, in order, and most of the
    # file before the damage was read.
    assert reported == sorted(reported) and all(line % 100 == 0 for line in reported)
    assert len(reported) > 100
    assert [f[3] for f in found if f[1] is None] == ["cannot read: truncated gzip stream (it ends before its end marker)"]
    assert summary.exit_code == 2


def test_decompression_memory_stays_flat_on_a_highly_compressible_stream() -> None:
    # 400 MB of one repeated line packs into ~400 KB; no piece may be more than a few MB.
    compressor = zstandard.ZstdCompressor(level=1)
    packed = io.BytesIO()
    with compressor.stream_writer(packed, closefd=False) as writer:
        for _ in range(100):
            writer.write(b'{"a": 1}\n' * 450_000)
    packed.seek(0)
    total = 0
    for piece in decompressed_pieces(packed, "zstd"):
        assert len(piece) <= 64 * 1024 * 1024
        total += len(piece)
    assert total == 100 * 450_000 * 9


def test_decompression_errors_are_decompression_errors() -> None:
    with pytest.raises(DecompressionError, match="corrupt gzip stream"):
        list(decompressed_pieces(io.BytesIO(b"\x1f\x8b\x08\x00" + b"\xff" * 64), "gzip"))


def _blocks_joined_then_cut(pieces: list[bytes], chunk: int) -> list[bytes]:
    """The cutting rule, written plainly: once a block's worth is held, cut at its last newline."""
    blocks, held = [], b""
    for piece in pieces:
        held += piece
        if len(held) >= chunk and (cut := held.rfind(b"\n") + 1):
            blocks.append(held[:cut])
            held = held[cut:]
    return [*blocks, held] if held or not blocks else blocks


@pytest.mark.parametrize("seed", range(30))
def test_streamed_blocks_are_the_bytes_cut_at_newlines_whatever_the_pieces(seed: int) -> None:
    """The blocks a decompressed stream is cut into (one copy each, the cut found in the last
    piece, or across pieces for a line longer than a piece) are those of the plain rule: the
    stream's bytes, in order, each ending on a newline but the last."""
    import random

    from schemasmith.validate.job.streams import NDJSON, stream_tasks

    rng = random.Random(seed)
    text = b"".join(b"x" * rng.choice((0, 3, 40, 700, 5000)) + b"\n" for _ in range(rng.randrange(0, 400)))
    text += b"y" * rng.choice((0, 0, 17))  # maybe no final newline
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randrange(0, 60)))) if len(text) > 1 else []
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    chunk = rng.choice((1, 64, 1000, 4096))
    tasks = list(stream_tasks(0, "x.ndjson", lambda: iter(pieces), NDJSON, chunk))
    blocks = [t.data for t in tasks]
    assert all(type(b) is bytes for b in blocks)
    assert blocks == _blocks_joined_then_cut(pieces, chunk)
    assert b"".join(blocks) == text  # type: ignore[arg-type]
    assert [t.start for t in tasks] == [0] + [-1] * (len(tasks) - 1)


def test_a_compressed_input_is_read_and_cut_on_a_thread_of_its_own(tmp_path: Path, monkeypatch: Any) -> None:
    """Decompressing and cutting into blocks run on the reading thread; the caller only validates."""
    import threading

    from schemasmith.validate.job import streamed_sources
    from schemasmith.validate.job.sources import file_source

    path = tmp_path / "a.ndjson.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(b'{"a": 1}\n' * 600_000))
    threads: set[str] = set()
    cut = streamed_sources.stream_tasks

    def recording(*args: Any, **kwargs: Any) -> Any:
        for task in cut(*args, **kwargs):
            threads.add(threading.current_thread().name)
            yield task

    monkeypatch.setattr(streamed_sources, "stream_tasks", recording)
    tasks = list(streamed_sources.streamed_tasks(0, file_source(str(path), path), 64 * 1024))
    assert b"".join(t.data for t in tasks) == b'{"a": 1}\n' * 600_000  # type: ignore[misc]
    assert len(tasks) > 1 and threads == {"schemasmith-read"}
