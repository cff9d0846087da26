"""``py_string`` and ``ts_string`` (escaping.py) return JSON's literal as it is when it is ASCII
without DEL (issue 21: 500,000 literals for GitHub's API description); these tests hold both to
their full escaping on text of every kind of character."""

from __future__ import annotations

import random

from schemasmith import escaping

CHARACTERS = ["a", " ", '"', "\\", "\n", "\t", "\x00", "\x1f", "\x7e", "\x7f", "\x80", "\x9f", "\xa0", "é",
              "\u2028", "\u2029", "\ufeff", "\ud800", "\udfff", "\U0001f600", "'", "`", "$", "{"]


def texts() -> list[str]:
    rng = random.Random(21)
    found = ["", *CHARACTERS, "plain ascii words", "Model_1.name"]
    found += ["".join(rng.choice(CHARACTERS) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    return found


def test_py_string_is_the_full_escape() -> None:
    for text in texts():
        full = escaping._NON_ASCII().sub(escaping._python_escape, escaping._json_string(text))
        assert escaping.py_string(text) == full, repr(text)


def test_ts_string_is_the_full_escape() -> None:
    for text in texts():
        assert escaping.ts_string(text) == escaping._escape_unsafe(escaping._json_string(text)), repr(text)
