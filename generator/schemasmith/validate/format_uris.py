"""``uri``, ``uri-reference``, ``iri``, ``iri-reference`` and ``uri-template``: the RFCs' ABNF as regexes.

RFC 3986 (URI), RFC 3987 (IRI: the same grammar with ``ucschar`` among the unreserved characters
and ``iprivate`` in queries) and RFC 6570 (URI Template), written out here because the libraries
jsonschema uses get cases of the JSON-Schema-Test-Suite wrong: rfc3986-validator takes a leading
zero in an IPv6 literal's embedded IPv4 (``[::ffff:01.2.3.4]``); rfc3987-syntax refuses a
compressed IPv6 host, an IPvFuture with an upper-case ``V`` and characters beyond the BMP;
uri-template takes a space, a default value and leading zeros, and refuses ``{%41}``.

An IP literal's IPv6 address is checked by ``ipaddress`` (every compressed form, and no leading
zero in an embedded IPv4), without a zone: RFC 3986 has none.
"""

from __future__ import annotations

import functools
import ipaddress
import re

from ..format_names import _HEX, _SUB_DELIMS, _UNRESERVED, grammar_sources, uri_template_source


@functools.cache
def _grammar(international: bool, reference: bool) -> re.Pattern[str]:
    """The absolute or the reference form of RFC 3986, or of RFC 3987 when ``international``.

    Compiled on first use: the RFC 3987 forms take ~0.1 s to compile (their ``ucschar`` ranges), a
    third of the CLI's start, and most runs check no IRI (jsonschema-rs checks ``uri`` itself)."""
    return re.compile(grammar_sources(international)[reference])


_IPV_FUTURE = re.compile(f"[vV][{_HEX}]+\\.[{_UNRESERVED}{_SUB_DELIMS}:]+")


def _valid_literal(literal: str | None) -> bool:
    if literal is None:
        return True
    if _IPV_FUTURE.fullmatch(literal):
        return True
    if "%" in literal or not literal.isascii():
        return False
    try:
        ipaddress.IPv6Address(literal)
    except ValueError:
        return False
    return True


def _matches(pattern: re.Pattern[str], value: str) -> bool:
    match = pattern.fullmatch(value)
    if match is None:
        return False
    # The reference form has the group twice (absolute and relative alternatives).
    literals = [v for k, v in match.groupdict().items() if k.startswith("literal")] or [None]
    return all(_valid_literal(each) for each in literals)


def is_uri(value: str) -> bool:
    return _matches(_grammar(False, False), value)


def is_uri_reference(value: str) -> bool:
    return _matches(_grammar(False, True), value)


def is_iri(value: str) -> bool:
    return _matches(_grammar(True, False), value)


def is_iri_reference(value: str) -> bool:
    return _matches(_grammar(True, True), value)


# RFC 6570 (format_names.py writes the grammar out: the generated loaders carry it too).
@functools.cache
def _uri_template() -> re.Pattern[str]:
    return re.compile(uri_template_source())


def is_uri_template(value: str) -> bool:
    return _uri_template().fullmatch(value) is not None
