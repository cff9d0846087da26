"""The command line's stand-in for ``email.utils`` (cli/email_utils_stand_in.py): jsonschema-rs
loads without the real module, the one function it calls answers as the real one does, and any
other use of ``email.utils`` in the process gets the real module."""

from __future__ import annotations

import email.utils
import json
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from schemasmith.cli.email_utils_stand_in import parsedate_to_datetime

REPO = Path(__file__).resolve().parent.parent


def _same_answer(text: str) -> None:
    try:
        expected: object = email.utils.parsedate_to_datetime(text)
    except (ValueError, TypeError) as error:
        with pytest.raises(type(error)):
            parsedate_to_datetime(text)
        return
    found = parsedate_to_datetime(text)
    assert found == expected, text
    assert found.utcoffset() == expected.utcoffset(), text  # type: ignore[union-attr]


def test_it_reads_what_format_datetime_writes_as_the_real_function_does() -> None:
    chosen = random.Random(7)
    for _ in range(2000):
        moment = datetime(1970, 1, 1) + timedelta(seconds=chosen.randrange(0, 5_000_000_000))
        zone = timezone(timedelta(minutes=chosen.choice([0, 0, 60, -300, 330, 345, -690, 14 * 60])))
        _same_answer(email.utils.format_datetime(moment.replace(tzinfo=zone)))


@pytest.mark.parametrize("text", [
    "Thu, 12 Nov 2026 07:50:16 +0000",  # jsonschema-rs's own build time, the call it makes
    "Thu, 12 Nov 2026 07:50:16 -0000",  # "zone unknown": a naive datetime
    "Thu, 12 Nov 2026 07:50:16 GMT",
    "12 Nov 2026 07:50:16 +0100",
    "Thu, 12 Nov 2026 07:50 +0100",
    "Sat, 29 Feb 2025 07:50:16 +0000",  # no such day
    "Thu, 12 Nov 2026 07:50:60 +0000",  # a leap second
    "Thu, 31 Nov 2026 25:00:00 +0000",
])
def test_it_reads_other_dates_as_the_real_function_does(text: str) -> None:
    _same_answer(text)


def _run_with_stand_in(script: str) -> str:
    prelude = "from schemasmith.cli.email_utils_stand_in import install\ninstall()\n"
    result = subprocess.run([sys.executable, "-c", prelude + script], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_jsonschema_rs_loads_without_the_real_module() -> None:
    out = _run_with_stand_in(
        "import sys, jsonschema_rs\n"
        "print(jsonschema_rs.validator_for({'type': 'string', 'format': 'email'}, validate_formats=True).is_valid('a@b.c'))\n"
        "print('socket' in sys.modules, 'email.charset' in sys.modules)\n"
    )
    assert out.split() == ["True", "False", "False"]


@pytest.mark.parametrize("use", [
    "from email.utils import formataddr\nprint(formataddr(('A', 'a@b.c')))",
    "import email.utils\nprint(email.utils.formataddr(('A', 'a@b.c')))",
    "import email\nimport email.utils\nprint(email.utils.formataddr(('A', 'a@b.c')))",
    "from email import utils\nprint(utils.formataddr(('A', 'a@b.c')))",
    "import email.message\nm = email.message.EmailMessage()\nm['To'] = 'A <a@b.c>'\nprint(m['To'])",
])
def test_any_other_use_gets_the_real_module(use: str) -> None:
    out = _run_with_stand_in(
        "import jsonschema_rs\n" + use + "\n"
        "import sys, email\n"
        "print(type(sys.modules['email.utils']).__name__, sys.modules['email.utils'] is email.utils)\n"
    )
    lines = out.splitlines()
    assert lines[0] == "A <a@b.c>"
    assert lines[1] == "module True"  # the real one, installed in place of the stand-in


def test_a_validate_run_from_the_console_script_does_not_import_email_utils(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"at": {"type": "string", "format": "email"}},
                                  "additionalProperties": {"type": "array", "items": {"type": "integer"}}}))
    data = tmp_path / "docs.ndjson"
    data.write_text('{"at": "a@b.c", "n": [1]}\n{"at": "nope", "n": [1]}\n')
    script = (
        "import sys\nfrom schemasmith.cli.entry import run\n"
        f"sys.argv = ['schemasmith', 'validate', '--schema', {str(schema)!r}, {str(data)!r}]\n"
        "try:\n    run()\nexcept SystemExit as e:\n    print('exit', e.code)\n"
        "print('loaded', 'jsonschema_rs' in sys.modules, 'socket' in sys.modules, 'email.charset' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert "1 invalid" in result.stderr, result.stderr
    assert result.stdout.splitlines()[-2:] == ["exit 1", "loaded True False False"], result.stdout
