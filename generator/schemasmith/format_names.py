"""What validate and generate share about formats, in a module that imports nothing heavy (``generate``
must not load the validator): the format names each draft defines (validate/formats.py checks them;
the loaders' rules check some, ir/rules.py), and RFC 3986/3987's grammar as pattern text
(validate/format_uris.py compiles it; the generated loaders carry it where a rule checks ``uri``).
"""

from __future__ import annotations

_DRAFT4 = ("date-time", "email", "hostname", "ipv4", "ipv6", "uri")
_DRAFT6 = (*_DRAFT4, "uri-reference", "uri-template", "json-pointer")
_DRAFT7 = (*_DRAFT6, "date", "time", "idn-email", "idn-hostname", "iri", "iri-reference", "relative-json-pointer",
           "regex")
_DRAFT2019 = (*_DRAFT7, "duration", "uuid")
FORMAT_NAMES_BY_DRAFT: dict[str, frozenset[str]] = {
    "draft3": frozenset(_DRAFT4),
    "draft4": frozenset(_DRAFT4),
    "draft6": frozenset(_DRAFT6),
    "draft7": frozenset(_DRAFT7),
    "draft2019-09": frozenset(_DRAFT2019),
    "draft2020-12": frozenset(_DRAFT2019),
}

_HEX = "0-9A-Fa-f"
_PCT = f"%[{_HEX}]{{2}}"
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
# RFC 3987 section 2.2
_UCSCHAR = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    "\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd\U00040000-\U0004fffd"
    "\U00050000-\U0005fffd\U00060000-\U0006fffd\U00070000-\U0007fffd\U00080000-\U0008fffd"
    "\U00090000-\U0009fffd\U000a0000-\U000afffd\U000b0000-\U000bfffd\U000c0000-\U000cfffd"
    "\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
_IPRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"



def grammar_sources(international: bool, named: str = "?P") -> tuple[str, str]:
    """The sources of ``_grammar``'s patterns (the generated loaders' rules reuse them: ``named``
    is how a named group opens, ``?<`` for JavaScript)."""
    unreserved = _UNRESERVED + (_UCSCHAR if international else "")
    private = _IPRIVATE if international else ""
    pchar = f"(?:[{unreserved}{_SUB_DELIMS}:@]|{_PCT})"
    segment = f"{pchar}*"
    segment_nz = f"{pchar}+"
    segment_nz_nc = f"(?:[{unreserved}{_SUB_DELIMS}@]|{_PCT})+"
    userinfo = f"(?:[{unreserved}{_SUB_DELIMS}:]|{_PCT})*"
    # IP literals are captured whole and checked in _valid_literal (ipaddress, IPvFuture).
    reg_name = f"(?:[{unreserved}{_SUB_DELIMS}]|{_PCT})*"

    def authority(group: str) -> str:
        return f"(?:{userinfo}@)?(?:\\[({named}<{group}>[^\\[\\]/?#@]*)\\]|{reg_name})(?::[0-9]*)?"

    path_abempty = f"(?:/{segment})*"
    path_absolute = f"/(?:{segment_nz}(?:/{segment})*)?"
    path_rootless = f"{segment_nz}(?:/{segment})*"
    path_noscheme = f"{segment_nz_nc}(?:/{segment})*"
    query = f"(?:{pchar}|[/?{private}])*"
    fragment = f"(?:{pchar}|[/?])*"
    tail = f"(?:\\?{query})?(?:#{fragment})?"
    scheme = r"[A-Za-z][A-Za-z0-9+\-.]*"
    absolute = f"{scheme}:(?://{authority('literal')}{path_abempty}|{path_absolute}|{path_rootless}|){tail}"
    relative = f"(?://{authority('literal_relative')}{path_abempty}|{path_absolute}|{path_noscheme}|){tail}"
    return absolute, f"(?:{absolute})|(?:{relative})"


# RFC 5321 Mailbox (email), RFC 6531 (idn-email): validate/formats.py compiles it; the generated
# loaders carry it where a rule checks either format. The address literal, captured whole, is then
# checked as an IPv4 or an "IPv6:" address.
_ATEXT = r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]"
_UTF8_NON_ASCII = r"[^\x00-\x7f]"
_QTEXT = r"[\x20\x21\x23-\x5b\x5d-\x7e]"  # printable ASCII but '"' and '\'
_QUOTED_PAIR = r"\\[\x20-\x7e]"
_LET_DIG = r"[A-Za-z0-9]"
IPV4_LITERAL = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}"


def mailbox_source(international: bool, named: str = "?P") -> str:
    """The pattern text of a mailbox (``named``: how a named group opens, ``?<`` for JavaScript)."""
    extra = f"|{_UTF8_NON_ASCII}" if international else ""
    atext = f"(?:{_ATEXT}{extra})"
    atom = f"{atext}+"
    dot_string = f"{atom}(?:\\.{atom})*"
    quoted_string = f'"(?:{_QTEXT}{extra}|{_QUOTED_PAIR})*"'
    let_dig = f"(?:{_LET_DIG}{extra})"
    sub_domain = f"{let_dig}(?:(?:{let_dig}|-)*{let_dig})?"
    domain = f"{sub_domain}(?:\\.{sub_domain})*"
    address_literal = f"\\[({named}<literal>[^\\[\\]\\\\]*)\\]"
    return f"(?:{dot_string}|{quoted_string})@(?:({named}<domain>{domain})|{address_literal})"


def uri_template_source() -> str:
    """RFC 6570 section 2. Literals: any character but CTL, SP, DQUOTE, "%" (but in a triplet), "<",
    ">", "\\", "^", "`", "{", "|", "}" (errata 6937 lets the apostrophe in, as the suite does); the
    operators of levels 2 and 3 ("=", ",", "!", "@" and "|" are reserved, so an error)."""
    literal = f"(?:[\\x21\\x23\\x24\\x26-\\x3b\\x3d\\x3f-\\x5b\\x5d\\x5f\\x61-\\x7a\\x7e{_UCSCHAR}{_IPRIVATE}]|{_PCT})"
    varchar = f"(?:[A-Za-z0-9_]|{_PCT})"
    varspec = f"{varchar}(?:\\.?{varchar})*(?::[1-9][0-9]{{0,3}}|\\*)?"
    expression = f"\\{{[+#./;?&]?{varspec}(?:,{varspec})*\\}}"
    return f"(?:{literal}|{expression})*"
