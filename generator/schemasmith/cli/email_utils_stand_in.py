"""A stand-in for ``email.utils`` while jsonschema-rs loads, in the command line's process only.

jsonschema-rs's extension calls ``email.utils.parsedate_to_datetime`` as it loads, once, to turn
its own build time (``Thu, 12 Nov 2026 07:50:16 +0000``) into the ``datetime`` of its ``__build__``
record; importing ``email.utils`` for that pulls in ``socket``, ``random``, ``calendar`` and the
MIME modules: about 12 ms of CPU, a tenth of a short `validate` run, spent by every command. The
stand-in reads a date of exactly that form itself, to the same ``datetime``, and hands any other to
the real function. Any other use of ``email.utils`` in the process (``from email.utils import …``,
an attribute of the ``email`` package) imports and installs the real module first, so nothing but
the time of that import changes.
"""

from __future__ import annotations

import importlib
import re
import sys
import types
from datetime import datetime, timedelta, timezone
from typing import Any

_NAME = "email.utils"


def _real_module() -> types.ModuleType:
    """The standard library's ``email.utils``, imported now if the stand-in is still in place."""
    if isinstance(sys.modules.get(_NAME), _StandIn):
        del sys.modules[_NAME]  # the import below then loads the real one, and binds it on ``email``
    return importlib.import_module(_NAME)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# RFC 2822's date as email.utils.format_datetime writes it, with a numeric zone other than -0000
# (which the real function reads as "zone unknown": a naive datetime).
_RFC_2822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (" + "|".join(_MONTHS) + r") (\d{4}) (\d\d):(\d\d):(\d\d) "
    r"([+-])(\d\d)(\d\d)"
)


def parsedate_to_datetime(data: str) -> Any:
    """email.utils.parsedate_to_datetime: the common form read here, any other by the real one."""
    match = _RFC_2822.fullmatch(data) if isinstance(data, str) else None
    if match is not None and match.groups()[6:] != ("-", "00", "00"):
        day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
        try:
            return datetime(
                int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second),
                tzinfo=timezone(-offset if sign == "-" else offset),
            )
        except ValueError:
            pass  # 30 February, a 61st second...: the real function's own answer
    return _real_module().parsedate_to_datetime(data)


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            # The import system asks a module found in sys.modules for ``__path__`` and the like:
            # a plain module's answer, not a reason to import the real one.
            raise AttributeError(name)
        return getattr(_real_module(), name)


def install() -> None:
    """Put the stand-in in place unless ``email.utils`` is already imported."""
    if _NAME in sys.modules:
        return
    import email  # the package itself is one small module

    stand_in = _StandIn(_NAME, __doc__)
    stand_in.parsedate_to_datetime = parsedate_to_datetime  # type: ignore[attr-defined]
    sys.modules[_NAME] = stand_in
    email.utils = stand_in  # type: ignore[attr-defined]
