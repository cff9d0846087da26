"""``--ts-emit js``: each generated ``X.ts`` written as ``X.js`` (its code, the TypeScript syntax
erased) and ``X.d.ts`` (its declarations), as a library compiled once ships.

Why: a project's ``tsc`` checks every ``.ts`` file it reaches, loaders' bodies included. For an API
description of a thousand models that is ~800,000 lines on each of the user's builds; declarations
are the types and the functions' signatures only. The code is the same code: both files are made
from the ``.ts`` text the templates render, by a real parser (erase_types.py, declarations.py), and
the tests hold them to tsc's own output. The package layout's model files come here as ``.js`` and
``.d.ts`` already, rendered so by the templates (package.py) and passed through.
"""

from __future__ import annotations

from collections.abc import Mapping


def split_sources(files: Mapping[str, str]) -> dict[str, str]:
    """``files`` with each ``.ts`` source replaced by its ``.js`` and ``.d.ts``; other files as they are."""
    from .declarations import declarations_of
    from .erase_types import javascript_of

    emitted: dict[str, str] = {}
    for path, text in files.items():
        if not path.endswith(".ts") or path.endswith(".d.ts"):
            emitted[path] = text
            continue
        stem = path[: -len(".ts")]
        # Both keep the file's header (ts_syntax.header_end): the writer knows its files by it.
        emitted[f"{stem}.js"] = javascript_of(text)
        emitted[f"{stem}.d.ts"] = declarations_of(text)
    return emitted


def codec_file(file: str, emit: str) -> str:
    """Where the root codec's code is for ``emit``: the ``.js`` beside the ``.d.ts`` when compiled."""
    return file[: -len(".ts")] + ".js" if emit == "js" and file.endswith(".ts") else file
