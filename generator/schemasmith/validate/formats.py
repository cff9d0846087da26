"""Format checkers for every format the JSON Schema drafts define, as the official test suite reads them.

One module so the validator, its fast path and the reference used by the tests all agree on what a
``date-time`` (or an ``email``…) is. ``format_checker_for(draft)`` builds a
``jsonschema.FormatChecker`` holding exactly the formats that draft defines — no more (an unknown
format is an annotation, never an error), no less (nothing silently skipped because an optional
package is missing), and the same functions whichever optional packages ``jsonschema`` finds.

Where ``jsonschema``'s own checkers (or rfc3339-validator) disagree with the JSON-Schema-Test-Suite
(``tests/draft*/optional/format/*.json``), the suite wins:

- ``date-time`` / ``time``: a leap second ``:60`` is valid when the instant is 23:59:60 UTC (so
  ``15:59:60-08:00`` is valid, ``23:59:60+01:00`` is not); ``T``/``Z`` in either case; ASCII digits
  only; no trailing newline (``re.fullmatch``, never ``$``).
- ``date`` / ``date-time``: the RFC 3339 grammar's four-digit year, ``0000`` included (the proleptic
  Gregorian calendar, where 0000 is a leap year); ``date.fromisoformat`` would refuse year 0.
- ``email`` / ``idn-email``: the RFC 5321 ``Mailbox`` grammar (RFC 6531 for the IDN form), not just
  "contains an @".
- ``regex``: ECMA-262 in Unicode mode (``regress``), so ``\\a`` is not a valid escape.
- ``duration``, ``uuid``, ``json-pointer``, ``relative-json-pointer``: the RFCs' ABNF as regexes.

- ``hostname`` / ``idn-hostname``: RFC 1123 labels with A-labels decoded and checked, IDNA2008 with
  the four full stops and the Bidi rule across labels (format_hostnames.py).
- ``uri``, ``uri-reference``, ``iri``, ``iri-reference``, ``uri-template``: the RFCs' ABNF
  (format_uris.py).

``ipv4`` / ``ipv6`` use ``ipaddress``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ..format_names import IPV4_LITERAL, mailbox_source
from .format_hostnames import is_hostname, is_idn_hostname
from .format_uris import is_iri, is_iri_reference, is_uri, is_uri_reference, is_uri_template
from ..lazy_re import lazy_pattern

if TYPE_CHECKING:
    from jsonschema import FormatChecker

# ---------------------------------------------------------------------------------------------
# RFC 3339 dates and times
# ---------------------------------------------------------------------------------------------

# re.ASCII: \d must not match other scripts' digits (the suite's "Bengali 4" cases).

_DATE = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_TIME = (
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?:[Zz]|(?P<sign>[+-])(?P<offset_hour>\d{2}):(?P<offset_minute>\d{2}))"
)
_DATE_RE = re.compile(_DATE, re.ASCII)
_TIME_RE = re.compile(_TIME, re.ASCII)
_DATE_TIME_RE = re.compile(_DATE + r"[Tt]" + _TIME, re.ASCII)

_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_LAST_MINUTE_OF_DAY = 23 * 60 + 59


def _is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _valid_date_parts(match: re.Match[str]) -> bool:
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not 1 <= month <= 12:
        return False
    last_day = 29 if month == 2 and _is_leap_year(year) else _DAYS_IN_MONTH[month]
    return 1 <= day <= last_day


def _valid_time_parts(match: re.Match[str]) -> bool:
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    offset_minutes = 0
    if match["sign"] is not None:
        offset_hour, offset_minute = int(match["offset_hour"]), int(match["offset_minute"])
        if offset_hour > 23 or offset_minute > 59:
            return False
        offset_minutes = offset_hour * 60 + offset_minute
        if match["sign"] == "-":
            offset_minutes = -offset_minutes
    if hour > 23 or minute > 59 or second > 60:
        return False
    if second == 60:
        # A leap second is inserted at the end of a UTC day: the local time minus its offset
        # must be 23:59 UTC.
        utc_minute = (hour * 60 + minute - offset_minutes) % (24 * 60)
        return utc_minute == _LAST_MINUTE_OF_DAY
    return True


def is_date_time(value: str) -> bool:
    """RFC 3339 ``date-time``, as the JSON-Schema-Test-Suite reads it."""
    match = _DATE_TIME_RE.fullmatch(value)
    return match is not None and _valid_date_parts(match) and _valid_time_parts(match)


class DateTimeParts(NamedTuple):
    """A valid RFC 3339 date-time, read: its fields as written, the offset in minutes east of UTC.
    (A NamedTuple, not a dataclass: a frozen dataclass costs ~1 ms of every run's start-up.)"""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int  # 60 for a leap second
    fraction: str  # the digits after the point, as written ("" when none)
    offset_minutes: int


def date_time_parts(value: str) -> DateTimeParts | None:
    """``value``'s fields if it is a valid ``date-time`` (as ``is_date_time`` decides), else None."""
    match = _DATE_TIME_RE.fullmatch(value)
    if match is None or not (_valid_date_parts(match) and _valid_time_parts(match)):
        return None
    offset = 0
    if match["sign"] is not None:
        offset = (int(match["offset_hour"]) * 60 + int(match["offset_minute"])) * (1 if match["sign"] == "+" else -1)
    return DateTimeParts(
        int(match["year"]), int(match["month"]), int(match["day"]), int(match["hour"]), int(match["minute"]),
        int(match["second"]), match["fraction"] or "", offset,
    )


def is_date(value: str) -> bool:
    """RFC 3339 ``full-date``."""
    match = _DATE_RE.fullmatch(value)
    return match is not None and _valid_date_parts(match)


def is_time(value: str) -> bool:
    """RFC 3339 ``full-time``: an offset is required, a leap second only at 23:59:60 UTC."""
    match = _TIME_RE.fullmatch(value)
    return match is not None and _valid_time_parts(match)


# ---------------------------------------------------------------------------------------------
# RFC 3339 Appendix A durations, RFC 4122 UUIDs, RFC 6901 pointers
# ---------------------------------------------------------------------------------------------

_DUR_TIME = r"T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)"
_DUR_DATE = r"(?:\d+D|\d+M(?:\d+D)?|\d+Y(?:\d+M(?:\d+D)?)?)" + f"(?:{_DUR_TIME})?"
_DURATION_RE = lazy_pattern(f"P(?:{_DUR_DATE}|{_DUR_TIME}|\\d+W)", re.ASCII)
_UUID_RE = lazy_pattern(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_JSON_POINTER = r"(?:/(?:[^/~]|~[01])*)*"
_JSON_POINTER_RE = lazy_pattern(_JSON_POINTER, re.DOTALL)
_RELATIVE_JSON_POINTER_RE = lazy_pattern(r"(?:0|[1-9][0-9]*)(?:#|" + _JSON_POINTER + ")", re.DOTALL)


def is_duration(value: str) -> bool:
    return _DURATION_RE().fullmatch(value) is not None


def is_uuid(value: str) -> bool:
    return _UUID_RE().fullmatch(value) is not None


def is_json_pointer(value: str) -> bool:
    return _JSON_POINTER_RE().fullmatch(value) is not None


def is_relative_json_pointer(value: str) -> bool:
    return _RELATIVE_JSON_POINTER_RE().fullmatch(value) is not None


# ---------------------------------------------------------------------------------------------
# RFC 5321 Mailbox (email), RFC 6531 (idn-email)
# ---------------------------------------------------------------------------------------------

_MAILBOX_RE = lazy_pattern(mailbox_source(international=False))
_IDN_MAILBOX_RE = lazy_pattern(mailbox_source(international=True))
_IPV4_LITERAL_RE = lazy_pattern(IPV4_LITERAL)


def _valid_address_literal(literal: str) -> bool:
    # Only the IPv4 and IPv6 forms: a General-address-literal needs an IANA-registered tag, and
    # none is registered.
    if literal[:5].lower() == "ipv6:":
        address = literal[5:]
        if "%" in address or not address.isascii():  # no zone ids in RFC 5321's grammar
            return False
        try:
            ipaddress.IPv6Address(address)
        except ValueError:
            return False
        return True
    return _IPV4_LITERAL_RE().fullmatch(literal) is not None


def _is_mailbox(value: str, pattern: re.Pattern[str]) -> bool:
    match = pattern.fullmatch(value)
    if match is None:
        return False
    literal = match["literal"]
    return literal is None or _valid_address_literal(literal)


def is_email(value: str) -> bool:
    return _is_mailbox(value, _MAILBOX_RE())


def is_idn_email(value: str) -> bool:
    return _is_mailbox(value, _IDN_MAILBOX_RE())


# ---------------------------------------------------------------------------------------------
# IP addresses and regular expressions
# ---------------------------------------------------------------------------------------------


def is_ipv4(value: str) -> bool:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def is_ipv6(value: str) -> bool:
    try:
        address = ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return not address.scope_id


def is_regex(value: str) -> bool:
    import regress

    try:
        regress.Regex(value, "u")
    except regress.RegressError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Which formats each draft defines
# ---------------------------------------------------------------------------------------------

_DRAFT4_FORMATS: dict[str, Callable[[str], bool]] = {
    "date-time": is_date_time,
    "email": is_email,
    "hostname": is_hostname,
    "ipv4": is_ipv4,
    "ipv6": is_ipv6,
    "uri": is_uri,
}
_DRAFT6_FORMATS = {
    **_DRAFT4_FORMATS,
    "uri-reference": is_uri_reference,
    "uri-template": is_uri_template,
    "json-pointer": is_json_pointer,
}
_DRAFT7_FORMATS = {
    **_DRAFT6_FORMATS,
    "date": is_date,
    "time": is_time,
    "idn-email": is_idn_email,
    "idn-hostname": is_idn_hostname,
    "iri": is_iri,
    "iri-reference": is_iri_reference,
    "relative-json-pointer": is_relative_json_pointer,
    "regex": is_regex,
}
_DRAFT2019_FORMATS = {**_DRAFT7_FORMATS, "duration": is_duration, "uuid": is_uuid}

FORMATS_BY_DRAFT: dict[str, dict[str, Callable[[str], bool]]] = {
    "draft3": _DRAFT4_FORMATS,  # draft 3 is read with draft 4's formats; the drafts we support start at 4
    "draft4": _DRAFT4_FORMATS,
    "draft6": _DRAFT6_FORMATS,
    "draft7": _DRAFT7_FORMATS,
    "draft2019-09": _DRAFT2019_FORMATS,
    "draft2020-12": _DRAFT2019_FORMATS,
}


def formats_for(draft: str) -> dict[str, Callable[[str], bool]]:
    """The checkers for the formats ``draft`` (a schemasmith.source.drafts name) defines, by format name."""
    return _SAFE_FORMATS_BY_DRAFT[draft]


def _never_raises(check: Callable[[str], bool]) -> Callable[[str], bool]:
    # A third-party checker that chokes on a string has not found it valid; one odd value must
    # not stop a run over millions of documents.
    def checked(value: str) -> bool:
        try:
            return bool(check(value))
        except Exception:  # noqa: BLE001
            return False

    checked.__name__ = check.__name__
    return checked


_SAFE_CHECKS = {check: _never_raises(check) for formats in FORMATS_BY_DRAFT.values() for check in formats.values()}
_SAFE_FORMATS_BY_DRAFT = {
    draft: {name: _SAFE_CHECKS[check] for name, check in formats.items()} for draft, formats in FORMATS_BY_DRAFT.items()
}


def format_checker_for(draft: str) -> FormatChecker:
    """A jsonschema FormatChecker with exactly the formats of ``draft``, checked as above."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in formats_for(draft).items():
        checker.checks(name)(_strings_only(check))
    return checker


def _strings_only(check: Callable[[str], bool]) -> Callable[[object], bool]:
    # Every format applies to strings only; any other type passes (the suite's "ignore" cases).
    def check_instance(instance: object) -> bool:
        return not isinstance(instance, str) or check(instance)

    check_instance.__name__ = getattr(check, "__name__", "check")
    return check_instance
