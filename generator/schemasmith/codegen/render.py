"""The one Jinja environment every target renders through."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2

from ..errors import SchemaSmithError
from ..escaping import FILTERS


def builtin_templates_dir() -> Path:
    """Installed wheels carry the templates inside the package; a source checkout has them at the top."""
    packaged = Path(__file__).resolve().parents[1] / "_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        if not user_templates.is_dir():
            raise SchemaSmithError("--templates must be a directory", file=str(user_templates))
        # User templates first, so any built-in can be overridden by the same relative path.
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # every value goes through a context-specific filter instead
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def render(env: jinja2.Environment, template_name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(template_name).render(**context)
    except SchemaSmithError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise SchemaSmithError(
            f"template syntax error: {exc.message}", file=exc.filename or template_name, line=exc.lineno
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise SchemaSmithError(f"template not found: {exc.name}") from None
    except Exception as exc:  # noqa: BLE001 - a --templates file may run any Python operation, and fail in it
        file, line = _failing_template_line(env, exc) or (template_name, None)
        if isinstance(exc, jinja2.UndefinedError):
            detail = str(exc.message)
        else:
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise SchemaSmithError(f"template error: {detail}", file=file, line=line) from None


def _failing_template_line(env: jinja2.Environment, exc: BaseException) -> tuple[str, int | None] | None:
    """The innermost template file and line in ``exc``'s traceback (Jinja rewrites its frames to
    show them), which may be a template the rendered one included."""
    loaders = env.loader.loaders if isinstance(env.loader, jinja2.ChoiceLoader) else [env.loader]
    roots = [Path(root).resolve() for loader in loaders if isinstance(loader, jinja2.FileSystemLoader)
             for root in loader.searchpath]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(Path(frame.filename).resolve().is_relative_to(root) for root in roots):
            return frame.filename, frame.lineno
    return None
