"""Reading a user's payload files, through the validator's own input code (validate/job/sources):
the same files found in a directory, the same byte order mark dropped, the same lines read."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import SchemaSmithError
from ..validate.job.sources import expand, ndjson_lines, read_file
from ..validate.job.streams import READ_ERRORS
from .verdicts import Payload


def collect_payloads(paths: Iterable[Path]) -> list[Payload]:
    """Payloads from ``.json`` files (one document each), ``.ndjson``/``.jsonl`` files (one per
    non-blank line) and directories (searched recursively, in sorted order, for those), compressed
    or not, or at a URL, read as ``schemasmith validate`` reads them. A directory with none of
    those adds nothing."""
    payloads: list[Payload] = []
    for path in paths:
        # `validate` reads "-" as stdin; here it can only be a file, and there is none of that name.
        sources, problems = expand([str(path)]) if str(path) != "-" else ([], [(str(path), "")])
        if problems and not path.is_dir():
            raise SchemaSmithError(problems[0][1] or "no such file or directory", file=str(path))
        for source in sources:
            try:
                data = read_file(source)
            except OSError as error:
                raise SchemaSmithError(f"cannot read file: {error.strerror or error}", file=source.name) from None
            except READ_ERRORS as error:  # a damaged compressed stream, an unreadable URL
                raise SchemaSmithError(f"cannot read: {error}", file=source.name) from None
            if source.ndjson:  # (a compressed file whose name does not say is read as stdin is: lines)
                # The payload is the line's text: its "\r\n" ending is no part of it.
                payloads.extend(
                    Payload(f"{source.name}:{number}", line.removesuffix(b"\r")) for number, line in ndjson_lines(data)
                )
            else:
                payloads.append(Payload(source.name, data))
    return payloads
