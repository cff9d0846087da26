"""A Python-Markdown extension the site build loads: links only to web addresses and the site.

Schema descriptions keep their Markdown (the docs target's ``md_text`` escapes raw HTML but keeps
links), so a description can hold ``[x](javascript:...)``; GitHub drops such a link when it shows
the docs pages, but Python-Markdown writes it as it is. In the site every link and image must
point to http(s), mailto or a relative address; any other scheme loses its address (the text
stays).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})
_URL_ATTRIBUTES = ("href", "src")


def is_safe(url: str) -> bool:
    # Browsers drop ASCII whitespace and controls inside a scheme ("java\tscript:"): judge the
    # address as they will read it.
    cleaned = "".join(c for c in url if ord(c) > 0x20 and c != "\x7f")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in _URL_ATTRIBUTES:
                value = element.get(attribute)
                if value is not None and not is_safe(value):
                    del element.attrib[attribute]


class SafeLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Last: after the inline patterns have made the links (priority 20) and after mkdocs has
        # made them relative (priority 0; it expects every <a> to have an href).
        md.treeprocessors.register(_SafeLinks(md), "schemasmith_safe_links", -10)


def makeExtension(**kwargs: object) -> SafeLinksExtension:  # noqa: N802 - Python-Markdown's entry point
    return SafeLinksExtension(**kwargs)
