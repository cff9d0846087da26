"""The ``schemasmith`` console script and ``python -m schemasmith``: the command line, started so
that Ctrl-C or SIGTERM at any moment, even while the modules are still being imported, ends in one
line and exit 130/143, never a traceback."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        # Handlers first (this module and interrupts import only the standard library's signal and
        # threading); click, Jinja and the validator come after.
        from ..interrupts import install

        install()
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
        from ..interrupts import hold_until_exit

        hold_until_exit()
