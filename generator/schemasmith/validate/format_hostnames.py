"""``hostname`` and ``idn-hostname``, as the JSON-Schema-Test-Suite reads RFC 1123 and IDNA2008.

fqdn (what jsonschema uses for ``hostname``) takes a trailing dot, a trailing newline and the
KELVIN SIGN, and never decodes an A-label; ``idna.encode`` alone (jsonschema's ``idn-hostname``)
takes trailing full stops and checks the Bidi rule label by label only. Here:

- ``hostname``: ASCII letters, digits and hyphens, labels of 1 to 63 characters not starting or
  ending with a hyphen, 253 characters at most, no empty label (so no trailing dot); a label
  starting ``xn--`` (any case) must be an A-label, the Punycode of a valid IDNA2008 U-label
  (``idna.ulabel``: code points, CONTEXTJ/CONTEXTO rules, hyphens, combining marks, Bidi).
- ``idn-hostname``: labels separated by any of RFC 3490's four full stops, none empty; each label
  a valid U-label or A-label whose A-label form has at most 63 characters, 253 for the whole
  name; and when any label holds right-to-left characters the name is a Bidi domain name, in
  which every label, left-to-right ones included, must satisfy RFC 5893's Bidi rule.
"""

from __future__ import annotations

from ..lazy_re import lazy_pattern

_LDH_LABEL = lazy_pattern(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_FULL_STOPS = lazy_pattern("[.\u3002\uff0e\uff61]")
_MAX_NAME = 253


def is_hostname(value: str) -> bool:
    if not value.isascii() or len(value) > _MAX_NAME:
        return False
    for label in value.split("."):
        if _LDH_LABEL().fullmatch(label) is None:
            return False
        if label[:4].lower() == "xn--" and _u_label_of(label) is None:
            return False
    return True


def is_idn_hostname(value: str) -> bool:
    import idna

    labels = _FULL_STOPS().split(value)
    u_labels: list[str] = []
    length = len(labels) - 1
    for label in labels:
        if not label:
            return False
        try:
            if label.isascii():
                if label[:4].lower() == "xn--":
                    u_label = _u_label_of(label)
                    if u_label is None:
                        return False
                    a_label = label
                else:
                    if _LDH_LABEL().fullmatch(label) is None or label[2:4] == "--":
                        return False
                    u_label = a_label = label
            else:
                idna.check_label(label)
                u_label, a_label = label, idna.alabel(label).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError):
            return False
        if len(a_label) > 63:
            return False
        length += len(a_label)
        u_labels.append(u_label)
    if length > _MAX_NAME:
        return False
    return _bidi_name_ok(u_labels)


def _u_label_of(a_label: str) -> str | None:
    """The U-label ``a_label`` encodes, or None when it is not a valid A-label."""
    import idna

    try:
        return str(idna.ulabel(a_label))
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def _bidi_name_ok(u_labels: list[str]) -> bool:
    """RFC 5893 section 2: in a name with a right-to-left label, every label meets the Bidi rule."""
    import unicodedata

    import idna

    if not any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for label in u_labels for c in label):
        return True
    try:
        return all(idna.check_bidi(label, check_ltr=True) for label in u_labels)
    except idna.IDNABidiError:
        return False
