"""A big API description end to end (issue 21): GitHub's REST API (``generated/api.github.com.json``
of the npm package @octokit/openapi, pinned below), in one run, against datamodel-code-generator
(pydantic v2, Python) and openapi-typescript (TypeScript types).

Measured, each as a whole process (wall time, CPU time, peak RSS from the kernel's rusage):
generate (schemasmith: python, typescript and docs, in the module and the package layout; the
others: their one output); Python import of one model with its references and of every model
(time and RSS over the interpreter's own start, bytecode cached by a first run); ``tsc --strict
--noEmit`` over the whole TypeScript output and over a file importing one model; ``mypy --strict``
over a file importing one model; lines and bytes per model. With ``--ts-emit js`` (the package layout's
TypeScript as ``.js`` and ``.d.ts``): generate, and ``tsc --strict`` over the declarations against
openapi-typescript's file, both fully checked, back to back in three rounds (the median ratio).

Nothing here is a dependency: the description is fetched on demand (``npm pack``) into
~/.cache/schemasmith-bench/, and openapi-typescript installed there (``npm install --prefix``);
datamodel-code-generator is the dev extra's. Usage:

    .venv/bin/python bench/big_api_bench.py [--model Repository] [--skip-module] [--no-write]

Results replace the "## Big API descriptions" section of bench/RESULTS.md, with the machine, above its
hand-written "### Earlier runs" subsection, which stays.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import results_section

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "RESULTS.md"
CACHE = Path(os.environ.get("SCHEMASMITH_BENCH_CACHE", Path.home() / ".cache" / "schemasmith-bench"))
OCTOKIT_OPENAPI = "23.0.2"  # @octokit/openapi, pinned: the document changes with every release
OPENAPI_TYPESCRIPT = "7.10.1"
SECTION = "## Big API descriptions"
# The section's hand-written part (earlier runs, profiling notes), kept below a rerun's table.
KEPT = "### Earlier runs"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    ok: bool
    detail: str = ""
    # With tree=True: the peak of the PSS summed over the command and its descendants alive at
    # once (schemasmith's worker, ``codegen/parallel.py``): rusage gives the largest process only.
    tree_pss_mb: float = 0
    processes: int = 1

    def cell(self) -> str:
        if not self.ok:
            return f"failed: {self.detail}"
        text = f"{self.wall:.1f} s ({self.cpu:.1f} s CPU), {self.rss_mb:.0f} MB"
        if self.processes > 1:
            text += f" in the largest of {self.processes} processes, {self.tree_pss_mb:.0f} MB PSS summed over them"
        return text


_TREE_SAMPLER = (
    "import threading\n"
    "peak = [0, 1]\n"
    "def _tree(root):\n"
    "    kids = {}\n"
    "    for name in os.listdir('/proc'):\n"
    "        if name.isdigit():\n"
    "            try:\n"
    "                ppid = int(open(f'/proc/{name}/stat').read().rsplit(')', 1)[1].split()[1])\n"
    "            except (OSError, IndexError, ValueError):\n"
    "                continue\n"
    "            kids.setdefault(ppid, []).append(int(name))\n"
    "    found, todo = [], [root]\n"
    "    while todo:\n"
    "        pid = todo.pop(); found.append(pid); todo += kids.get(pid, [])\n"
    "    return found\n"
    "def _pss(pid):\n"
    "    try:\n"
    "        return next((int(l.split()[1]) for l in open(f'/proc/{pid}/smaps_rollup') if l.startswith('Pss:')), 0)\n"
    "    except OSError:\n"
    "        return 0\n"
    "def _sample(pid):\n"
    "    while p.poll() is None:\n"
    "        pids = _tree(pid)\n"
    "        peak[0] = max(peak[0], sum(_pss(x) for x in pids)); peak[1] = max(peak[1], len(pids))\n"
    "        time.sleep(0.05)\n"
)


def measured(command: list[str], cwd: Path, tree: bool = False) -> Run:
    """Wall time, CPU time and peak RSS of ``command``: a tiny Python parent runs it and reports its
    one child's rusage (wait4), so that the figures never include other commands'."""
    probe = (
        "import os, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        + (_TREE_SAMPLER + "threading.Thread(target=_sample, args=(p.pid,), daemon=True).start()\n" if tree
           else "peak = [0, 1]\n") +
        "err = p.stderr.read()\n"
        # (p.poll() stays None until wait4 reaps it: the sampler stops at the next poll after.)
        "_, status, usage = os.wait4(p.pid, 0)\n"
        "wall = time.perf_counter() - start\n"
        "code = os.waitstatus_to_exitcode(status)\n"
        "sys.stderr.buffer.write(err[-2000:])\n"
        "print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code, peak[0], peak[1])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True)
    try:
        wall, cpu, rss, code, pss, processes = result.stdout.split()
    except ValueError:
        return Run(0, 0, 0, False, (result.stderr.strip().splitlines() or ["?"])[-1][:160])
    ok = code == "0"
    detail = "" if ok else (result.stderr.strip().splitlines() or ["exit " + code])[-1][:160]
    return Run(float(wall), float(cpu), int(rss) / 1024, ok, detail, int(pss) / 1024, int(processes))


def fetch_description() -> Path:
    """api.github.com.json from @octokit/openapi@OCTOKIT_OPENAPI, fetched once into the cache."""
    folder = CACHE / f"octokit-openapi-{OCTOKIT_OPENAPI}"
    document = folder / "package" / "generated" / "api.github.com.json"
    if document.is_file():
        return document
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", f"@octokit/openapi@{OCTOKIT_OPENAPI}"], cwd=folder, check=True,
                   capture_output=True)
    tarball = next(folder.glob("octokit-openapi-*.tgz"))
    with tarfile.open(tarball) as archive:
        archive.extract("package/generated/api.github.com.json", folder, filter="data")
    tarball.unlink()
    return document


def openapi_typescript() -> Path | None:
    """openapi-typescript's CLI, installed once into the cache (not a dev dependency)."""
    prefix = CACHE / f"openapi-typescript-{OPENAPI_TYPESCRIPT}"
    cli = prefix / "node_modules" / ".bin" / "openapi-typescript"
    if not cli.exists():
        installed = subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-save", "--no-audit", "--no-fund",
                                    f"openapi-typescript@{OPENAPI_TYPESCRIPT}", "typescript@5"], capture_output=True)
        if installed.returncode != 0:
            return None
    return cli


def tsc() -> str:
    return str(REPO / "node_modules" / ".bin" / "tsc")


def tsc_check(folder: Path, files: list[Path], skip_lib_check: bool = True) -> Run:
    """``skip_lib_check=False``: ``.d.ts`` files are checked like sources (``--ts-emit js``'s output is
    declarations; with the default, as in `tsc --init`'s tsconfig, tsc would only read them)."""
    config = folder / "tsconfig.bench.json"
    options = {"strict": True, "noEmit": True, "target": "ES2022", "module": "nodenext",
               "moduleResolution": "nodenext", "skipLibCheck": skip_lib_check, "types": []}
    import json

    config.write_text(json.dumps({"compilerOptions": options, "files": [str(f) for f in files]}), "utf-8")
    (folder / "package.json").write_text('{"type": "module"}', "utf-8")
    return measured([tsc(), "-p", str(config)], folder)


def declarations_against_types(index: Path, ots_file: Path, rounds: int = 3) -> tuple[str, str, str, str]:
    """``tsc --strict`` over ``--ts-emit js``'s declarations and over openapi-typescript's file, both
    fully checked (``skipLibCheck`` off), back to back in each round: the median of the rounds' ratios."""
    times, memories, ours, theirs = [], [], [], []
    for _ in range(rounds):
        mine = tsc_check(index.parent.parent, [index], skip_lib_check=False)
        other = tsc_check(ots_file.parent, [ots_file], skip_lib_check=False)
        if not (mine.ok and other.ok):
            failed = mine if not mine.ok else other
            return ("`tsc --strict --noEmit`, whole output, `--ts-emit js`", f"failed: {failed.detail}", "—", "—")
        ours.append(mine)
        theirs.append(other)
        times.append(mine.cpu / other.cpu)
        memories.append(mine.rss_mb / other.rss_mb)
    median = sorted(range(rounds), key=lambda i: times[i])[rounds // 2]
    return ("`tsc --strict --noEmit`, whole output, `--ts-emit js` (`.d.ts` checked: skipLibCheck off for both)",
            f"{ours[median].cell()}; median of {rounds} rounds: {times[median]:.1f}x the CPU time, "
            f"{sorted(memories)[rounds // 2]:.1f}x the memory of openapi-typescript's", "—",
            f"openapi-typescript: {theirs[median].cell()}")


def pydantic_python() -> str:
    """An interpreter with pydantic[email] (the models datamodel-codegen writes for GitHub's
    description validate emails), the dev environment's pydantic version, in a cache venv."""
    import pydantic

    venv = CACHE / f"pydantic-{pydantic.VERSION}-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"pydantic[email]=={pydantic.VERSION}"], check=True)
    return str(python)


def python_import(folder: Path, code: str, python: str = sys.executable) -> tuple[Run, Run]:
    """The import's run, and the bare interpreter's, both after a warm-up that writes bytecode."""
    command = [python, "-c", code]
    subprocess.run(command, cwd=folder, capture_output=True)  # bytecode cached
    baseline = measured([python, "-c", "pass"], folder)
    return measured(command, folder), baseline


def over(run: Run, baseline: Run) -> str:
    if not run.ok:
        return f"failed: {run.detail}"
    return (f"{(run.wall - baseline.wall) * 1000:.0f} ms ({(run.cpu - baseline.cpu) * 1000:.0f} ms CPU), "
            f"{run.rss_mb - baseline.rss_mb:.0f} MB over the interpreter's start")


def size(paths: list[Path]) -> tuple[int, int]:
    lines = sum(p.read_bytes().count(b"\n") for p in paths)
    return lines, sum(p.stat().st_size for p in paths)


def classes(paths: list[Path], pattern: bytes) -> int:
    return sum(len(re.findall(pattern, p.read_bytes(), re.MULTILINE)) for p in paths)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    load = os.getloadavg()
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python "
            f"{platform.python_version()}, Node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}; "
            f"load average {load[0]:.1f} at the start (the machine is shared with other jobs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="Repository", help="the model imported alone")
    parser.add_argument("--skip-module", action="store_true", help="skip the one-module layout's figures")
    parser.add_argument("--no-write", action="store_true", help="print, do not rewrite bench/RESULTS.md")
    args = parser.parse_args()
    # The imports are measured with cached bytecode, as a user's second run has it.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    host = machine()
    document = fetch_description()
    work = Path(tempfile.mkdtemp(prefix="schemasmith-big-api-"))
    rows: list[tuple[str, str, str, str]] = []  # (measure, package, module, other)
    try:
        schemasmith = str(BIN / "schemasmith")
        package_out, module_out = work / "package", work / "module"
        gen_package = measured([schemasmith, "generate", str(document), "--layout", "package", "--out", str(package_out)], work,
                               tree=True)
        gen_module = (Run(0, 0, 0, False, "skipped") if args.skip_module else
                      measured([schemasmith, "generate", str(document), "--out", str(module_out)], work, tree=True))
        js_out = work / "package-js"
        gen_js = measured([schemasmith, "generate", str(document), "--layout", "package", "--ts-emit", "js", "--out", str(js_out)],
                          work, tree=True)
        dmcg_out = work / "pydantic" / "github_models.py"
        dmcg_out.parent.mkdir()
        gen_dmcg = measured([str(BIN / "datamodel-codegen"), "--input", str(document), "--input-file-type", "openapi",
                             "--output-model-type", "pydantic_v2.BaseModel", "--output", str(dmcg_out)], work)
        ots_cli = openapi_typescript()
        ots_out = work / "ots" / "github.ts"
        ots_out.parent.mkdir()
        gen_ots = (measured([str(ots_cli), str(document), "-o", str(ots_out)], work) if ots_cli
                   else Run(0, 0, 0, False, "openapi-typescript could not be installed"))
        rows.append(("generate, whole process", f"{gen_package.cell()} (python, typescript, docs)",
                     f"{gen_module.cell()} (python, typescript, docs)",
                     f"datamodel-codegen: {gen_dmcg.cell()}; openapi-typescript: {gen_ots.cell()}"))
        rows.append(("generate, whole process, `--ts-emit js`", f"{gen_js.cell()} (python, typescript, docs)", "—", "—"))

        py_package = package_out / "python"
        # The generated index package's name (from the document's title); the models' package beside it.
        pkg = next(p.name for p in py_package.iterdir() if (p / "__init__.py").is_file() and not p.name.endswith("_models"))
        models = f"{pkg}_models"
        py_files = sorted((py_package / models).glob("*.py"))
        model_count = classes(py_files, rb"^class \w+:")
        lines, nbytes = size(py_files)
        module_file = module_out / "python" / f"{pkg}.py"
        module_size = size([module_file]) if module_file.is_file() else (0, 0)
        dmcg_size = size([dmcg_out]) if dmcg_out.is_file() else (0, 0)
        dmcg_classes = classes([dmcg_out], rb"^class \w+") if dmcg_out.is_file() else 0
        rows.append(("Python output", f"{len(py_files)} files, {lines:,} lines, {nbytes / 1e6:.1f} MB, {model_count:,} classes "
                     f"({lines / max(model_count, 1):.0f} lines, {nbytes / max(model_count, 1) / 1000:.1f} kB a class)",
                     f"{module_size[0]:,} lines, {module_size[1] / 1e6:.1f} MB",
                     f"pydantic: {dmcg_size[0]:,} lines, {dmcg_size[1] / 1e6:.1f} MB, {dmcg_classes:,} classes "
                     f"({dmcg_size[0] / max(dmcg_classes, 1):.0f} lines a class)"))

        model = args.model
        one, base = python_import(py_package, f"from {pkg} import {model}")
        loaded = subprocess.run([sys.executable, "-c", f"import sys; from {pkg} import {model}; "
                                 f"print(sum(m.startswith('{models}.') for m in sys.modules))"],
                                cwd=py_package, capture_output=True, text=True).stdout.strip()
        every, _ = python_import(py_package, f"import {pkg} as p\nfor n in p.__all__: getattr(p, n)")
        module_all = (python_import(module_out / "python", f"import {pkg}")[0]
                      if module_file.is_file() else Run(0, 0, 0, False, "skipped"))
        dmcg_all, dmcg_base = python_import(dmcg_out.parent, "import github_models", pydantic_python())
        rows.append((f"import one model ({model}) with its references", f"{over(one, base)} ({loaded} modules)", "—", "—"))
        rows.append(("import every model", over(every, base), over(module_all, base), f"pydantic: {over(dmcg_all, dmcg_base)}"))

        ts_package = package_out / "typescript"
        ts_files = sorted((ts_package / pkg).glob("*.ts"))
        ts_lines, ts_bytes = size(ts_files)
        ots_size = size([ots_out]) if ots_out.is_file() else (0, 0)
        rows.append(("TypeScript output", f"{len(ts_files)} files, {ts_lines:,} lines, {ts_bytes / 1e6:.1f} MB", "—",
                     f"openapi-typescript: {ots_size[0]:,} lines, {ots_size[1] / 1e6:.1f} MB"))
        whole = tsc_check(ts_package, [ts_package / pkg / "index.ts"])
        module_ts = module_out / "typescript" / f"{pkg}.ts"
        whole_module = tsc_check(module_ts.parent, [module_ts]) if module_ts.is_file() else Run(0, 0, 0, False, "skipped")
        whole_ots = tsc_check(ots_out.parent, [ots_out]) if ots_out.is_file() else Run(0, 0, 0, False, "missing")
        rows.append(("`tsc --strict --noEmit`, whole output", whole.cell(), whole_module.cell(), f"openapi-typescript: {whole_ots.cell()}"))
        js_folder = js_out / "typescript" / pkg
        declarations = sorted(js_folder.glob("*.d.ts"))
        d_lines, d_bytes = size(declarations)
        j_lines, j_bytes = size(sorted(js_folder.glob("*.js")))
        rows.append(("TypeScript output, `--ts-emit js`", f"{len(declarations)} `.d.ts` files, {d_lines:,} lines, "
                     f"{d_bytes / 1e6:.1f} MB; `.js` {j_lines:,} lines, {j_bytes / 1e6:.1f} MB", "—", "—"))
        if ots_out.is_file():
            rows.append(declarations_against_types(js_folder / "index.d.ts", ots_out))
        own = next((p.stem for p in ts_files if f"export type {model} = " in p.read_text("utf-8")), None)
        user = ts_package / "use_one.ts"
        user.write_text(f'import {{ type {model}, {model[0].lower()}{model[1:]}FromJSON }} from "./{pkg}/{own}.js";\n'
                        f"export const one: {model} = {model[0].lower()}{model[1:]}FromJSON(\"{{}}\");\n", "utf-8")
        one_ts = tsc_check(ts_package, [user])
        rows.append((f"`tsc --strict --noEmit`, a file importing {model} from its file", one_ts.cell(), "—", "—"))
        user_js = js_out / "typescript" / "use_one.ts"
        user_js.write_text(user.read_text("utf-8"), "utf-8")
        one_js = tsc_check(user_js.parent, [user_js], skip_lib_check=False)
        rows.append((f"`tsc --strict --noEmit`, a file importing {model} from its `.d.ts`, `--ts-emit js` (skipLibCheck off)",
                     one_js.cell(), "—", "—"))

        mypy_user = py_package / "use_one.py"
        mypy_user.write_text(f"from {models}.{own} import {model}\n\n\ndef name(value: {model}) -> object:\n"
                             "    return value\n", "utf-8")
        mypy_one = measured([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(mypy_user)], py_package)
        # The index's type-checking imports are relative to the folder, a package (python/): imported as one.
        via_init = package_out / "use_init.py"
        via_init.write_text(f"from python.{pkg} import {model}\n\n\ndef name(value: {model}) -> object:\n    return value\n", "utf-8")
        mypy_init = measured([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(via_init)], package_out)
        # mypy reads a module's parent packages too: the models' package imports nothing, so a file
        # importing one model's module reads it and its references; the index names every model.
        cache = ["--cache-dir", str(work / "mypy-cache")]
        measured([sys.executable, "-m", "mypy", "--strict", *cache, str(mypy_user)], py_package)
        mypy_warm = measured([sys.executable, "-m", "mypy", "--strict", *cache, str(mypy_user)], py_package)
        rows.append((f"`mypy --strict`, a file importing {model} from its module", f"{mypy_one.cell()} cold; "
                     f"{mypy_warm.cell()} with its cache", "—", "—"))
        rows.append((f"`mypy --strict`, a file importing {model} from the index package (reads every model)",
                     mypy_init.cell(), "—", "—"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines_out = [SECTION, "",
                 f"`bench/big_api_bench.py`: GitHub's REST API description (@octokit/openapi {OCTOKIT_OPENAPI}, "
                 "`generated/api.github.com.json`), one run. Machine: " + host + ".", "",
                 "| | schemasmith, `--layout package` | schemasmith, one module | others |", "| --- | --- | --- | --- |"]
    lines_out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    text = "\n".join(lines_out) + "\n"
    print(text)
    if not args.no_write:
        results_section.write_section(SECTION, text, kept=KEPT, results=RESULTS)


if __name__ == "__main__":
    main()
