"""The ``typescript`` judge: the generated module compiled by ``tsc --strict``, its root codec run
by one Node process (node_harness.mjs) over all the payloads."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .languages import Code, JudgeOptions
from .verdicts import JudgeBroken, Payload, Verdict, last_line as _last_line

HARNESS = Path(__file__).with_name("node_harness.mjs")
# In a source checkout, the repository root (for its node_modules).
REPO_ROOT = Path(__file__).resolve().parents[3]
TOOL_TIMEOUT = 600

TSCONFIG: dict[str, Any] = {
    "strict": True,
    "target": "ES2022",
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "skipLibCheck": True,
    "types": [],
}


@dataclass(frozen=True)
class NodeTools:
    node: str
    tsc: str


def find_node_tools(cwd: Path | None = None) -> NodeTools | str:
    """node on PATH and tsc from ``node_modules/.bin`` in ``cwd`` or this repository; else why not."""
    node = shutil.which("node")
    candidates = [(cwd or Path.cwd()) / "node_modules" / ".bin" / "tsc", REPO_ROOT / "node_modules" / ".bin" / "tsc"]
    tsc = next((str(c) for c in candidates if c.exists()), None)
    if node is None:
        return "node is not on PATH"
    if tsc is None:
        return "no node_modules/.bin/tsc in the current directory or the schemasmith repository (npm install typescript)"
    return NodeTools(node, tsc)


class TypeScriptJudge:
    label = "TypeScript"
    needs = "node and tsc"

    def unavailable(self, options: JudgeOptions) -> str | None:
        tools = _tools(options)
        return tools if isinstance(tools, str) else None

    def judge(self, code: Code, payloads: Sequence[Payload], options: JudgeOptions) -> list[Verdict]:
        tools = _tools(options)
        assert isinstance(tools, NodeTools), tools
        return typescript_judge(code, payloads, options.workdir, tools)


def _tools(options: JudgeOptions) -> NodeTools | str:
    """The tools the caller gave (tests pin them), else node on PATH and a tsc found nearby."""
    return options.tools if isinstance(options.tools, (NodeTools, str)) else find_node_tools()


def typescript_judge(code: Code, payloads: Sequence[Payload], directory: Path, tools: NodeTools) -> list[Verdict]:
    """The generated TypeScript, compiled by ``tsc --strict`` and run by one Node process; with
    ``--ts-emit js`` the generated ``.js`` itself (under ``directory``, whose package.json makes it an ES module)."""
    (directory / "package.json").write_text('{"type": "module"}', "utf-8")
    if code.file.suffix == ".js":
        # The declarations a user's tsc reads, checked as strictly as sources (.d.ts files included).
        declarations = code.file.with_name(code.file.stem + ".d.ts")
        _tsc(dict(TSCONFIG, noEmit=True, skipLibCheck=False), declarations, directory, tools)
        return _run_module(code, code.file, payloads, directory, tools)
    out_dir = directory / "typescript-out"
    _tsc(dict(TSCONFIG, outDir=str(out_dir), rootDir=str(code.file.parent)), code.file, directory, tools)
    return _run_module(code, out_dir / code.file.with_suffix(".js").name, payloads, directory, tools)


def _tsc(options: dict[str, Any], file: Path, directory: Path, tools: NodeTools) -> None:
    config = directory / "tsconfig.json"
    config.write_text(json.dumps({"compilerOptions": options, "files": [str(file)]}), "utf-8")
    compiled = subprocess.run([tools.tsc, "-p", str(config)], capture_output=True, text=True, cwd=directory,
                              timeout=TOOL_TIMEOUT)
    if compiled.returncode != 0:
        raise JudgeBroken(f"tsc --strict refused the generated TypeScript: {_last_line(compiled.stdout + compiled.stderr, first=True)}")


def _run_module(code: Code, module: Path, payloads: Sequence[Payload], directory: Path, tools: NodeTools) -> list[Verdict]:
    payloads_file = directory / "typescript-payloads.json"
    payloads_file.write_text(json.dumps([base64.b64encode(p.data).decode("ascii") for p in payloads]), "utf-8")
    results_file = directory / "typescript-results.json"
    ran = subprocess.run(
        [tools.node, str(HARNESS), str(module), code.codec.load, code.codec.dump,
         str(payloads_file), str(results_file)],
        capture_output=True, text=True, cwd=directory, timeout=TOOL_TIMEOUT,
    )
    if ran.returncode != 0 or not results_file.exists():
        raise JudgeBroken(f"node exited {ran.returncode}: {_last_line(ran.stderr)}")
    verdicts = []
    for result in json.loads(results_file.read_text("utf-8")):
        if result["valid"]:
            verdicts.append(Verdict(True, round_trip=result.get("roundTrip"), round_trip_error=result.get("roundTripError")))
        else:
            pointer = result.get("pointer")
            verdicts.append(Verdict(False, (pointer if isinstance(pointer, str) else "",), result["message"],
                                    crashed=bool(result.get("crashed"))))
    return verdicts



JUDGE = TypeScriptJudge()
