"""Run mkdocs (with the mkdocs-material theme) on the rendered pages, in a temporary folder.

Nothing here writes to the output folder: the built site is read back into memory, cleaned of
what would make two builds differ or reach the network, and returned as files for the writer.

What is left out of mkdocs' output, and why:
- ``sitemap.xml`` / ``sitemap.xml.gz``: without a site URL they list nothing, and they carry
  build dates (``lastmod``, the gzip header's mtime), which would make every build differ.
- source maps (``*.map``) and the ``sourceMappingURL`` lines pointing at them: only for
  debugging the theme's own minified code; about half the site's bytes.
- ``404.html``: without a site URL mkdocs links its assets from the host's root (``/assets/...``),
  which breaks wherever the folder is not published at a domain's root (a GitHub Pages project
  site is at ``/<repository>/``); the host's own "not found" page is shown instead.
- ``assets/javascripts/lunr/``: search stemmers for languages other than English; the search
  worker loads them only when ``plugins.search.lang`` names another language, and it names none.
mkdocs' own ``strict`` mode turns any broken link or #anchor it finds into a failed build.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from importlib import metadata
from pathlib import Path, PurePosixPath

from ...codegen.headers import MANIFEST_NAME
from ...codegen.write import GENERATED_MARKER
from ...errors import SchemaSmithError
from ...escaping import one_line
from ...ir.nodes import SchemaIR

SITE = "site"
INSTALL_HINT = "install it with `pip install 'schemasmith[site]'`"
# Packages whose versions shape the site's bytes: the manifest names them, so a `--check` that
# fails on another machine says why.
BYTE_SHAPERS = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Pygments")
NAV_LIMIT = 100
_SOURCE_MAP_LINE = re.compile(rb"\n?(//|/\*)# sourceMappingURL=[^\n]*")


def _dropped(relative: PurePosixPath) -> bool:
    return (
        relative.as_posix() in ("sitemap.xml", "sitemap.xml.gz", "404.html")
        or relative.suffix == ".map"
        or relative.parts[:3] == ("assets", "javascripts", "lunr")
    )


def mkdocs_config(
    schema_ir: SchemaIR, title: str, docs_dir: Path, site_dir: Path, changelog: str | None = None
) -> dict[str, object]:
    models = [m.name for m in schema_ir.models]
    aliases = [a.name for a in schema_ir.aliases]
    nav: list[object] = [{"Overview": "index.md"}]
    # mkdocs-material writes the whole navigation into every page: with every model in it, a
    # site's size and build time grow with the square of the page count (310 pages: 31 MB, 21 s).
    # Past NAV_LIMIT pages the navigation is the overview alone, whose tables link every page.
    listed = len(models) + len(aliases) <= NAV_LIMIT
    if listed and models:
        nav.append({"Models": [{name: f"{name}.md"} for name in models]})
    if listed and aliases:
        nav.append({"Named types": [{name: f"{name}.md"} for name in aliases]})
    if changelog:
        nav.append({"Changelog": changelog})
    return {
        "site_name": title,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        # Session.html, not Session/index.html: the same links work on any static host and from
        # the file system.
        "use_directory_urls": False,
        "strict": True,
        "validation": {
            "omitted_files": "warn" if listed else "info",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
        "theme": {
            "name": "material",
            # No web fonts: the site must not load anything from another host.
            "font": False,
            "features": ["content.code.copy", "navigation.top", "search.highlight"],
        },
        "plugins": [{"search": {"lang": ["en"]}}],
        "extra_css": ["stylesheets/schemasmith.css"],
        "extra": {"generator": False},
        "markdown_extensions": [
            "tables",
            "attr_list",
            {"toc": {"permalink": True}},
            {"pymdownx.highlight": {"anchor_linenums": False}},
            "pymdownx.superfences",
            # Links from schema text may only go to web addresses or within the site.
            "schemasmith.targets.site.safe_links",
        ],
        "nav": nav,
    }


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(
    schema_ir: SchemaIR,
    title: str,
    rendered: dict[str, str],
    staging_docs: str,
    extra_files: dict[str, str],
    changelog: str | None = None,
) -> dict[str, str | bytes]:
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
        import material  # type: ignore[import-untyped]  # noqa: F401 - the theme: missing, mkdocs would fail with a less clear message
    except ModuleNotFoundError as error:
        package = {"material": "mkdocs-material"}.get(str(error.name), error.name)
        raise SchemaSmithError(f"the site target needs {package}, which is not installed: {INSTALL_HINT}") from None
    with tempfile.TemporaryDirectory(prefix="schemasmith-site-") as temp:
        root = Path(temp)
        docs_dir, site_dir = root / "docs", root / "site"
        staged = {PurePosixPath(path).relative_to(staging_docs).as_posix(): text for path, text in rendered.items()}
        for relative, text in {**staged, **extra_files}.items():
            target = docs_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        config_file = root / "mkdocs.yml"
        # JSON is YAML: no YAML quoting rules to get right for names taken from the schema.
        config_file.write_text(json.dumps(mkdocs_config(schema_ir, title, docs_dir, site_dir, changelog), indent=1), "utf-8")
        logger = logging.getLogger("mkdocs")
        collect = _Collect()
        saved = logger.propagate, logger.level
        logger.addHandler(collect)
        logger.propagate = False
        logger.setLevel(logging.WARNING)
        try:
            build(load_config(config_file=str(config_file)))
        except (MkDocsException, SystemExit) as error:
            detail = "; ".join(collect.messages[:3]) or str(error)
            raise SchemaSmithError(f"building the site with mkdocs failed: {detail}") from None
        finally:
            logger.removeHandler(collect)
            logger.propagate, logger.level = saved
        return _collect(schema_ir, site_dir)


def _collect(schema_ir: SchemaIR, site_dir: Path) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = PurePosixPath(path.relative_to(site_dir).as_posix())
        if _dropped(relative):
            continue
        data = path.read_bytes()
        if relative.suffix in (".js", ".css"):
            data = _SOURCE_MAP_LINE.sub(b"", data)
        files[relative.as_posix()] = data
    # GitHub Pages runs Jekyll on a published folder unless this file is there.
    files[".nojekyll"] = b""
    versions = ", ".join(f"{name} {_version(name)}" for name in BYTE_SHAPERS)
    manifest = [
        f"# {GENERATED_MARKER} from {one_line(schema_ir.source_name)} (sha256 {schema_ir.content_hash}). Do not edit.",
        f"# Built with {versions}.",
        "# The files of this generated site; `schemasmith generate` removes any it no longer writes.",
        *sorted(files),
    ]
    files[MANIFEST_NAME] = "\n".join(manifest) + "\n"
    return {f"{SITE}/{relative}": data for relative, data in files.items()}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "(not installed)"

