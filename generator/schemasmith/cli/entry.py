"""The ``schemasmith`` console script and ``python -m schemasmith``: the command line, started so
that Ctrl-C or SIGTERM at any moment, even while the modules are still being imported, ends in one
line and exit 130/143, never a traceback."""

from __future__ import annotations

import sys


_JSONSCHEMA_FORMAT_LIBRARIES = (
    "fqdn", "isoduration", "jsonpointer", "rfc3339_validator", "rfc3986_validator", "rfc3987", "rfc3987_syntax",
    "uri_template", "webcolors",
)


def run() -> None:
    try:
        # Handlers first (this module and interrupts import only the standard library's signal and
        # threading); click, Jinja and the validator come after.
        from ..interrupts import install

        install()
        # jsonschema imports the optional libraries of its own format checkers as it loads (~40 ms
        # of a run that needs the reference); schemasmith gives it its own checkers
        # (validate/formats.py) and uses none of them. In this process only (a program using the
        # library keeps its jsonschema whole) they read as absent, which jsonschema allows for.
        for name in _JSONSCHEMA_FORMAT_LIBRARIES:
            sys.modules.setdefault(name, None)  # type: ignore[arg-type]
        # jsonschema-rs calls email.utils once as it loads, on one date: ~12 ms of imports for it.
        from .email_utils_stand_in import install as stand_in_for_email_utils

        stand_in_for_email_utils()
        from .main import main

        main(prog_name="schemasmith")
    except KeyboardInterrupt as error:
        from ..interrupts import exit_code

        try:
            sys.stderr.write("schemasmith: interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass
        sys.exit(exit_code(error))
    finally:
        import gc

        # The process ends here: its objects go as the interpreter frees each by its count, so its
        # last collection, which would trace them all first, is spared them (GitHub's API
        # description: ~0.3 s of generating it). The exit handlers still run (they come first).
        gc.freeze()
        from ..interrupts import hold_until_exit

        hold_until_exit()
