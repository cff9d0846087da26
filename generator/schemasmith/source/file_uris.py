"""The file path a ``file:`` URI's path names, without importing ``urllib.request``."""

from __future__ import annotations

import os
from urllib.parse import unquote


def url2pathname(path: str) -> str:
    """``urllib.request.url2pathname``: on POSIX the path unquoted, on Windows ``nturl2path``'s
    reading. ``urllib.request`` itself brings ``http.client``, ``ssl`` and ``email`` (~20 ms of every
    ``validate`` start) for this one function."""
    if os.name == "nt":
        from nturl2path import url2pathname as windows

        return windows(path)
    return unquote(path)
