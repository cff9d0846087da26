"""Where a subschema sits (file, JSON pointer, base URI) and how its ``$ref``s resolve, offline.

References resolve against the referring document's base URI: local pointers, relative files on
disk, the drafts' own metaschemas (shipped with jsonschema-specifications), and remote URIs the user
mapped to local files with ``--ref-dir``. Anything else is refused with a clear error: nothing is
fetched from the network.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import referencing.exceptions
from referencing import Registry, Resource, Specification
from referencing.jsonschema import DRAFT202012, specification_with

from ..errors import SchemaSmithError
from .file_uris import url2pathname
from .json_file import read_json
from .pointer import join


@dataclass(frozen=True)
class RefDirs:
    """``--ref-dir`` mappings: ``PREFIX=DIR`` maps URIs starting with PREFIX to files under DIR;
    a bare ``DIR`` serves any remote URI by its last path segment (``.../foo.json`` -> ``DIR/foo.json``)."""

    by_prefix: tuple[tuple[str, Path], ...] = ()
    by_name: tuple[Path, ...] = ()

    @classmethod
    def parse(cls, values: tuple[str, ...] | list[str]) -> RefDirs:
        by_prefix, by_name = [], []
        for value in values:
            prefix, sep, folder = value.rpartition("=")
            if sep and "://" in prefix:
                by_prefix.append((prefix, Path(folder)))
            else:
                by_name.append(Path(value))
        # Longest prefix first, so the most specific mapping wins.
        by_prefix.sort(key=lambda item: -len(item[0]))
        return cls(tuple(by_prefix), tuple(by_name))

    def with_siblings_of(self, path: Path, document: Any) -> RefDirs:
        """Also serve the folder of the root's own ``$id`` from the root file's folder.

        A schema published as https://host/a/root.json that refs "other.json" means
        https://host/a/other.json: the file beside it here, which is what the author had in mind.
        """
        identifier = document.get("$id", document.get("id")) if isinstance(document, dict) else None
        if not isinstance(identifier, str) or "://" not in identifier:
            return self
        prefix = urljoin(identifier, ".")
        if prefix.startswith("file:") or any(p == prefix for p, _ in self.by_prefix):
            return self
        # Explicit mappings stay first: they are the user's word.
        return RefDirs((*self.by_prefix, (prefix, path.resolve().parent)), self.by_name)

    def local_path(self, uri: str) -> Path | None:
        for prefix, folder in self.by_prefix:
            if uri.startswith(prefix):
                candidate = folder / uri[len(prefix):].lstrip("/")
                if candidate.is_file():
                    return candidate
        name = Path(urlsplit(uri).path).name
        for folder in self.by_name:
            # "grunt-task" may name grunt-task.json: schema URIs often drop the extension.
            for file_name in (name, f"{name}.json"):
                if file_name and (folder / file_name).is_file():
                    return folder / file_name
        return None


def _resource_from_file(path: Path, specification: Specification) -> Resource:
    _, document = read_json(path)
    return Resource.from_contents(document, default_specification=specification)


def build_registry(
    root_uri: str, document: Any, ref_dirs: RefDirs, specification: Specification | None = None
) -> Registry:
    """The registry the root ``document`` (at ``root_uri``) resolves its references with.

    A document found for a reference that names no ``$schema`` is read as the root's draft
    (``specification``, by default the one the root's ``$schema`` names; 2020-12 without one):
    a draft 7 schema's ``{"$id": "#foo"}`` in a file it refers to is an anchor, not a base URI.
    """
    if specification is None:
        specification = _specification_of(document, default=DRAFT202012)
    # One Resource per URI for the whole run: the IR builder tells models apart by the identity
    # of their schema objects, so a file referenced twice must not be parsed twice.
    @functools.lru_cache(maxsize=None)
    def retrieve(uri: str) -> Resource:
        # Imported on the first remote reference: it reads every draft's metaschema files at import.
        import jsonschema_specifications

        metaschemas: Registry = jsonschema_specifications.REGISTRY
        metaschema = metaschemas.get(uri) or metaschemas.get(uri.rstrip("#"))
        if metaschema is not None:
            return metaschema
        if uri.startswith("file:"):
            return _resource_from_file(Path(url2pathname(urlsplit(uri).path)), specification)
        local = ref_dirs.local_path(uri)
        if local is not None:
            return _resource_from_file(local, specification)
        raise referencing.exceptions.NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs fields

    resource = Resource.from_contents(document, default_specification=specification)
    registry: Registry = Registry(retrieve=retrieve).with_resource(root_uri, resource)  # type: ignore[call-arg]  # attrs fields
    try:
        # Crawling indexes embedded $id resources so refs to their URIs resolve; referencing
        # trips on some legal-but-odd documents (e.g. array-valued draft-07 `dependencies`).
        return registry.crawl()
    except (AttributeError, TypeError, referencing.exceptions.Unresolvable):
        return registry


def registry_with_root(registry: Registry, base_uri: str, root: Resource) -> tuple[Registry, str]:
    """``registry`` with the root document also under its own ``$id``, and the URI to resolve from.

    The root is the file at ``base_uri`` (build_registry put it there): a relative ``$ref`` in a
    schema without ``$id`` means a file beside it, as ``generate`` reads it. With an ``$id`` (which
    the draft's rules say applies: not beside ``$ref`` up to draft 7) the root is that URI too.
    """
    identifier = root.id()
    if identifier is None:
        return registry, base_uri
    absolute = urljoin(base_uri, identifier)
    return registry.with_resource(urldefrag(absolute)[0], root), absolute


def id_keyword(specification: Specification) -> str:
    return "id" if specification.name in ("draft-03", "draft-04") else "$id"


@dataclass(frozen=True)
class Here:
    """A position in some schema document: how to show it, and how to resolve refs from it."""

    resolver: Any  # referencing.Resolver
    base_uri: str
    file: str
    pointer: str
    specification: Specification
    root_dir: Path

    def child(self, schema: Any, *tokens: object) -> Here:
        # Built directly, not by dataclasses.replace: called for every subschema read (46,000 for
        # GitHub's API description), where replace's introspection was a tenth of the IR's build.
        here = Here(self.resolver, self.base_uri, self.file, join(self.pointer, *tokens), self.specification,
                    self.root_dir)
        identifier = schema.get(id_keyword(self.specification)) if isinstance(schema, dict) else None
        if isinstance(identifier, str) and not identifier.startswith("#"):
            resource = self.specification.create_resource(schema)
            here = replace(
                here,
                resolver=self.resolver.in_subresource(resource),
                base_uri=urljoin(self.base_uri, identifier),
            )
        return here

    def resolve(self, ref: str) -> tuple[Any, Here]:
        """The schema ``ref`` points to, and where it sits."""
        cache = _LOOKUPS[-1] if _LOOKUPS else None
        if cache is None:
            return self._resolve(ref)
        # What a lookup gives depends only on these (the file and pointer only name an error, which
        # is raised, never kept); the resolver and specification are kept with it, so that their ids
        # are no other object's while the entry lives.
        key = (id(self.resolver), id(self.specification), self.base_uri, ref, self.root_dir)
        entry = cache.get(key)
        if entry is None:
            entry = cache[key] = (self.resolver, self.specification, self._resolve(ref))
        return entry[2]

    def _resolve(self, ref: str) -> tuple[Any, Here]:
        target = urljoin(self.base_uri, ref)
        try:
            resolved = self.resolver.lookup(ref)
        except referencing.exceptions.Unresolvable as exc:
            raise SchemaSmithError(
                f"cannot resolve $ref {ref!r}: {_why(exc, target)}",
                file=self.file,
                pointer=join(self.pointer, "$ref"),
            ) from None
        document_uri, fragment = urldefrag(target)
        pointer = unquote(fragment) if fragment.startswith("/") else (f"#{fragment}" if fragment else "")
        contents = resolved.contents
        specification = _specification_of(contents, default=self.specification)
        return contents, Here(
            resolver=resolved.resolver,
            base_uri=document_uri,
            file=self._display(document_uri),
            pointer=pointer,
            specification=specification,
            root_dir=self.root_dir,
        )

    def _display(self, document_uri: str) -> str:
        return _display(document_uri, self.root_dir)


# The lookups of the innermost ``cached_lookups``, if any.
_LOOKUPS: list[dict[tuple[int, int, str, str, Path], tuple[Any, Specification, tuple[Any, Here]]]] = []


@contextmanager
def cached_lookups() -> Iterator[None]:
    """Each ``Here.resolve`` made once per resolver, specification, base URI and ``$ref`` inside
    this block: building GitHub's API description's IR resolves 5,000 ``$ref``s, half of them the
    same lookup just made again (a field's annotations, then its type), and ``referencing``'s lookup
    was ~6% of the build. A resolver is immutable, so a lookup made again gives the same result.
    Dropped at the end: the results hold the registry, and so the parsed document, which the
    pipeline frees once the IR is built."""
    _LOOKUPS.append({})
    try:
        yield
    finally:
        _LOOKUPS.pop()


# Cached (bounded): every $ref resolved names its document (5,000 for GitHub's API description,
# nearly all the same one), and the path arithmetic was a tenth of resolving.
@functools.lru_cache(maxsize=1024)
def _display(document_uri: str, root_dir: Path) -> str:
    if document_uri.startswith("file:"):
        path = Path(url2pathname(urlsplit(document_uri).path))
        try:
            return path.relative_to(root_dir).as_posix()
        except ValueError:
            return path.name
    return document_uri


def _why(exc: Exception, target: str) -> str:
    if isinstance(exc, referencing.exceptions.PointerToNowhere):
        return "the pointer leads nowhere in the referenced document"
    if isinstance(exc, referencing.exceptions.NoSuchAnchor):
        return "no such anchor"
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, SchemaSmithError):
        return str(cause)
    if target.startswith("file:"):
        return "the referenced file does not exist or cannot be read"
    return "remote references are not fetched; map the URI to a local file with --ref-dir"


def _specification_of(contents: Any, default: Specification) -> Specification:
    dialect = contents.get("$schema") if isinstance(contents, dict) else None
    if not isinstance(dialect, str):
        return default
    return specification_with(dialect, default=default)


def root_here(document: Any, path: Path, registry: Registry) -> Here:
    uri = path.resolve().as_uri()
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    identifier = resource.id()
    base = urljoin(uri, identifier) if identifier else uri
    resolver = registry.resolver(uri)
    if identifier:
        resolver = resolver.in_subresource(resource)
    return Here(
        resolver=resolver,
        base_uri=base,
        file=path.name,
        pointer="",
        specification=_specification_of(document, default=DRAFT202012),
        root_dir=path.resolve().parent,
    )

