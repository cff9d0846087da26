"""The schemasmith package itself passes mypy --strict, as every output it generates must."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_the_package_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "generator/schemasmith"],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
