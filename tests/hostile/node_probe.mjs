// Checks generated TypeScript modules built from hostile schemas; run by tests/hostile/checks.py.
// argv: manifest.json, the batch folder (ts/mod_N.ts, ts/out/mod_N.js, payloads/payload_N.json), and
// prettier's TypeScript parser plugin (an independent parser: typescript-estree).
// For every module: the source parses, has only declarations at the top level, every JSDoc keeps its
// whole description and every wire-name literal its exact text; importing it prints nothing, defines
// no globals and exports exactly the expected names; the payload round-trips through the loader, and
// a payload wrong at a hostile wire name is refused with that name's JSON Pointer.
// Writes {index: [problem, ...]} to results_node.json in the batch folder; prints nothing itself.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [manifestPath, folder, prettierTypescript] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath, "utf-8"));
const parser = (await import(pathToFileURL(prettierTypescript).href)).parsers.typescript;
const problems = {};
const note = (index, message) => (problems[index] ??= []).push(String(message).slice(0, 1500));

const TOP_LEVEL = new Set([
  "ExportNamedDeclaration", "TSTypeAliasDeclaration", "FunctionDeclaration", "VariableDeclaration",
  "ClassDeclaration", "TSInterfaceDeclaration",
]);

/** A block comment's text without the JSDoc star column. */
function destar(value) {
  return value.split("\n").map((line) => line.replace(/^\s*\* ?/, "")).join("\n");
}

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value).sort().map((k) => [k, canonical(value[k])]);
    return Object.fromEntries(entries);
  }
  return value;
}

// Anything a module prints while it is imported is a side effect.
const printed = [];
for (const level of ["log", "info", "warn", "error", "debug", "trace", "dir"]) {
  console[level] = () => printed.push(`console.${level}`);
}
const realStdout = process.stdout.write.bind(process.stdout);
const realStderr = process.stderr.write.bind(process.stderr);
process.stdout.write = () => printed.push("stdout") && true;
process.stderr.write = () => printed.push("stderr") && true;

for (const entry of manifest) {
  const index = entry.index;
  const source = readFileSync(path.join(folder, "ts", `mod_${index}.ts`), "utf-8");
  let ast;
  try {
    ast = await parser.parse(source, {});
  } catch (error) {
    note(index, `typescript-estree cannot parse the module: ${error.message}`);
    continue;
  }
  for (const statement of ast.body) {
    if (!TOP_LEVEL.has(statement.type)) note(index, `unexpected top-level ${statement.type} at line ${statement.loc.start.line}`);
  }
  const comments = ast.comments.filter((c) => c.type === "Block").map((c) => destar(c.value));
  for (const [model, texts] of Object.entries(entry.ts_docs_expected)) {
    for (const text of texts) {
      if (text && !comments.some((c) => c.includes(text))) note(index, `${model}: no JSDoc holds ${JSON.stringify(text)}`);
    }
  }
  const wireSets = {};
  for (const statement of ast.body) {
    if (statement.type !== "VariableDeclaration") continue;
    for (const declaration of statement.declarations) {
      const init = declaration.init;
      if (declaration.id.name.endsWith("WireNames") && init?.type === "NewExpression") {
        wireSets[declaration.id.name] = init.arguments[0].elements.map((e) => e.value);
      }
    }
  }
  for (const [model, prefix] of Object.entries(entry.prefixes)) {
    const found = JSON.stringify(wireSets[`${prefix}WireNames`] ?? null);
    const expected = JSON.stringify(entry.wire_names[model]);
    if (found !== expected) note(index, `${model}: wire names ${found}, expected ${expected}`);
  }

  const globalsBefore = Object.getOwnPropertyNames(globalThis).sort().join(",");
  printed.length = 0;
  let module;
  try {
    module = await import(pathToFileURL(path.join(folder, "ts", "out", `mod_${index}.js`)).href);
  } catch (error) {
    note(index, `import failed: ${error}`);
    continue;
  }
  if (printed.length) note(index, `importing printed: ${printed.join(", ")}`);
  if (Object.getOwnPropertyNames(globalThis).sort().join(",") !== globalsBefore) note(index, "importing defined globals");
  const exports = Object.keys(module).sort();
  if (JSON.stringify(exports) !== JSON.stringify(entry.ts_exports)) {
    note(index, `exports ${JSON.stringify(exports)}, expected ${JSON.stringify(entry.ts_exports)}`);
  }

  const fromJSON = module[`${entry.root_prefix}FromJSON`];
  const toJSON = module[`${entry.root_prefix}ToJSON`];
  const text = readFileSync(path.join(folder, "payloads", `payload_${index}.json`), "utf-8");
  try {
    const again = toJSON(fromJSON(text));
    const want = JSON.stringify(canonical(JSON.parse(text)));
    const got = JSON.stringify(canonical(JSON.parse(again)));
    if (got !== want) note(index, `round trip changed the payload: ${want} -> ${got}`);
  } catch (error) {
    note(index, `valid payload refused: ${error}`);
  }
  if (entry.bad) {
    try {
      fromJSON(entry.bad.payload);
      note(index, "a payload wrong at a hostile wire name was accepted");
    } catch (error) {
      if (!(error instanceof module.SchemaValidationError) || error.pointer !== entry.bad.pointer) {
        note(index, `wrong error for a bad payload: ${error} (pointer ${JSON.stringify(error.pointer)}, expected ${JSON.stringify(entry.bad.pointer)})`);
      }
    }
  }
}

process.stdout.write = realStdout;
process.stderr.write = realStderr;
writeFileSync(path.join(folder, "results_node.json"), JSON.stringify(problems));
