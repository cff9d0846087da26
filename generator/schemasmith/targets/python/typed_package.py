"""The files that make the Python folder an importable, typed package."""

from __future__ import annotations

from ...codegen.headers import SHARED_OWNER
from ...codegen.output_file import OutputFile
from ...ir.nodes import SchemaIR


def package_files(schema_ir: SchemaIR) -> list[OutputFile]:
    """``__init__.py`` and the PEP 561 ``py.typed`` marker. Both are the same for every schema (their
    header names no schema), so several schemas generated into one folder share them (codegen/jobs.py)."""
    context = {"ir": schema_ir, "shared_owner": SHARED_OWNER}
    return [
        OutputFile("python/__init__.py", "python/typed_package_init.py.jinja", context),
        OutputFile("python/py.typed", "python/py.typed.jinja", context),
    ]
