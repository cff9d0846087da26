"""A link checker for a built static site: every file parsed with Python's HTML parser.

Collects each page's element ids and every URL it refers to (``href``, ``src``), then resolves
the relative ones against the page's own path: the file must exist in the site and, when the URL
has a fragment, the target page must have an element with that id. URLs to other hosts are
listed apart; the pages may link to them but must not load anything from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

# Elements whose URL the browser loads by itself (as opposed to a link the reader follows).
LOADED = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, url)


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.page.ids.add(value)
            if name in ("href", "src"):
                self.page.urls.append((tag, name, value))

    handle_startendtag = handle_starttag


def parse(path: Path) -> Page:
    page = Page()
    parser = _Parser(page)
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return page


@dataclass
class Report:
    pages: int
    internal_links: int
    anchors_checked: int
    broken: list[str]
    external_loads: list[str]


def check_site(root: Path) -> Report:
    pages = {p.relative_to(root).as_posix(): parse(p) for p in sorted(root.rglob("*.html"))}
    broken, external_loads = [], []
    internal = anchors = 0
    for name, page in pages.items():
        for tag, attribute, url in page.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if (tag, attribute) in LOADED and parts.scheme in ("http", "https", ""):
                    external_loads.append(f"{name}: <{tag} {attribute}={url!r}>")
                continue
            if url.startswith("data:") or url.startswith("javascript:"):
                continue
            internal += 1
            if parts.path.startswith("/"):
                # Resolves against the host's root: breaks for a site published under a path
                # (GitHub Pages serves a project's site at /<repository>/).
                broken.append(f"{name}: {url} is root-absolute")
                continue
            if parts.path:
                target = PurePosixPath(name).parent / unquote(parts.path)
                resolved = _normalize(target)
                if resolved is not None and (resolved == "" or (root / resolved).is_dir()):
                    # What a static host serves for a folder (and the theme links "." for home).
                    resolved = f"{resolved}/index.html".lstrip("/")
                if resolved is None or not (root / resolved).is_file():
                    broken.append(f"{name}: {url} -> {resolved} does not exist")
                    continue
                target_name = resolved
            else:
                target_name = name
            if parts.fragment:
                anchors += 1
                fragment = unquote(parts.fragment)
                target_page = pages.get(target_name)
                if target_page is None or fragment not in target_page.ids:
                    broken.append(f"{name}: {url} -> no id {fragment!r} in {target_name}")
    return Report(len(pages), internal, anchors, broken, external_loads)


def _normalize(path: PurePosixPath) -> str | None:
    parts: list[str] = []
    for part in path.parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None  # above the site's root
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)
