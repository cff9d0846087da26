"""The TypeScript loaders read the usual date-time digit by digit (``quickDateTime``) before the
full RFC 3339 check: on every text the quick path takes, it must give the full check's instant,
and every other text must reach the full check.

The generated Session module is compiled twice, as emitted and with the quick path taken out;
both decode the same timestamps (near every field's bounds, the offsets, fractions, leap seconds,
years below 100, and malformed texts), and the outcomes (instant or error message) must be equal.
"""

from __future__ import annotations

import itertools
import json
import random
import subprocess
from pathlib import Path

from conftest import GENERATED, run_tsc, tool

QUICK = "  const quick = quickDateTime(value);\n  if (quick !== null) return quick;\n"

_YEARS = ["0000", "0099", "0100", "1900", "1970", "2000", "2023", "2024", "9999", "20x4"]
_MONTHS = ["01", "02", "12", "00", "13", "1a"]
_DAYS = ["01", "28", "29", "30", "31", "00", "32"]
_HOURS = ["00", "12", "23", "24"]
_MINUTES = ["00", "59", "60"]
_SECONDS = ["00", "59", "60", "61"]
_FRACTIONS = ["", ".1", ".12", ".123", ".1234567", ".", ".x"]
_ZONES = ["Z", "z", "+00:00", "-23:59", "+24:00", "+05:60", "+0530", "", "Zx", "+05:30x", "-12:00", "+23:59"]
_SEPARATORS = ["T", "t", " "]


def _texts() -> list[str]:
    rng = random.Random(24)
    texts = [
        f"{rng.choice(_YEARS)}-{rng.choice(_MONTHS)}-{rng.choice(_DAYS)}{rng.choice(_SEPARATORS)}{rng.choice(_HOURS)}:"
        f"{rng.choice(_MINUTES)}:{rng.choice(_SECONDS)}{rng.choice(_FRACTIONS)}{rng.choice(_ZONES)}"
        for _ in range(4000)
    ]
    # Every field valid with each zone and fraction, and the leap second at 23:59 UTC, too.
    texts += [f"2024-02-29T23:59:{s}{f}{z}" for s, f, z in itertools.product(["59", "60"], _FRACTIONS, _ZONES)]
    texts += ["", "2024", "2024-01-01", "2024-01-01T00:00:00", "2024-01-01T00:00Z", "2024-01-01T00:00:00.Z", "x" * 30]
    return texts


def test_the_quick_date_time_path_equals_the_full_check(tmp_path: Path) -> None:
    emitted = (GENERATED / "typescript" / "session.ts").read_text("utf-8")
    assert QUICK in emitted
    for name, text in (("quick", emitted), ("full", emitted.replace(QUICK, ""))):
        (tmp_path / f"{name}.ts").write_text(text, "utf-8")
    compiled = run_tsc(tmp_path, [tmp_path / "quick.ts", tmp_path / "full.ts"], emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    (tmp_path / "texts.json").write_text(json.dumps(_texts()), "utf-8")
    script = (
        "import { readFileSync } from 'node:fs';"
        "const texts = JSON.parse(readFileSync(process.argv[2], 'utf-8'));"
        "const m = await import(process.argv[1]);"
        "const out = texts.map((t) => { try { return m.sessionFromWire({ timestamp: t }).timestamp.getTime(); }"
        " catch (e) { return String(e.message); } });"
        "process.stdout.write(JSON.stringify(out));"
    )
    outcomes = {}
    for name in ("quick", "full"):
        ran = subprocess.run(
            [tool("node"), "--input-type=module", "-e", script, (tmp_path / "out" / f"{name}.js").as_uri(),
             str(tmp_path / "texts.json")],
            capture_output=True, text=True, timeout=120,
        )
        assert ran.returncode == 0, ran.stderr
        outcomes[name] = json.loads(ran.stdout)
    texts = _texts()
    different = [(t, q, f) for t, q, f in zip(texts, outcomes["quick"], outcomes["full"]) if q != f]
    assert different == []
    accepted = sum(isinstance(v, (int, float)) for v in outcomes["full"])
    assert 100 < accepted < len(texts) - 100  # both verdicts well represented
