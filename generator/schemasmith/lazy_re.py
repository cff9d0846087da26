"""Regular expressions compiled on first use, not at import.

Start-up is most of a short ``validate`` run, and ~60 ``re.compile`` calls ran while its modules
were imported (formats every run does not check, code generation's escapes): each module-level
pattern a run may not need is ``NAME = lazy_pattern(source)`` and read as ``NAME()``. The call
costs a ``functools.cache`` hit (~50 ns), so patterns of hot loops stay compiled at import.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


def lazy_pattern(source: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    return functools.cache(lambda: re.compile(source, flags))
