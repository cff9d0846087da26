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

// With the u flag a surrogate pair is one code point: only a lone half matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function holdsLoneSurrogate(value) {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (typeof value === "object" && value !== null) {
    return Object.keys(value).some((key) => LONE_SURROGATE.test(key) || holdsLoneSurrogate(value[key]));
  }
  return false;
}

function expectRefusal(index, module, fromJSON, text, pointer, what) {
  try {
    fromJSON(text);
    note(index, `${what} was accepted`);
  } catch (error) {
    if (!(error instanceof module.SchemaValidationError) || error.pointer !== pointer) {
      note(index, `wrong error for ${what}: ${error} (pointer ${JSON.stringify(error.pointer)}, expected ${JSON.stringify(pointer)})`);
    }
  }
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
  // Every wire name, exactly, as the labels of the one-pass decoder's switch over the keys.
  const wireLabels = {};
  const firstSwitch = (node) => {
    if (node === null || typeof node !== "object") return null;
    if (node.type === "SwitchStatement") return node;
    for (const [key, child] of Object.entries(node)) {
      if (key === "parent" || key === "loc" || key === "range") continue;
      const found = Array.isArray(child) ? child.map(firstSwitch).find((s) => s) : firstSwitch(child);
      if (found) return found;
    }
    return null;
  };
  for (const statement of ast.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "FunctionDeclaration" || !declaration.id.name.endsWith("FromWire")) continue;
    const found = firstSwitch(declaration.body);
    wireLabels[declaration.id.name] = found ? found.cases.filter((c) => c.test).map((c) => c.test.value) : [];
  }
  for (const [model, prefix] of Object.entries(entry.prefixes)) {
    const found = JSON.stringify(wireLabels[`${prefix}FromWire`] ?? null);
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
  const fromWire = module[`${entry.root_prefix}FromWire`];
  const toJSON = module[`${entry.root_prefix}ToJSON`];
  const text = readFileSync(path.join(folder, "payloads", `payload_${index}.json`), "utf-8");
  // A wire name with a lone surrogate makes the payload JSON that the validator's document policy
  // refuses, and fromJSON with it (pointer ""); fromWire still shows the codec handles the name.
  const refusedDocument = holdsLoneSurrogate(JSON.parse(text));
  try {
    const again = toJSON(refusedDocument ? fromWire(JSON.parse(text)) : fromJSON(text));
    const want = JSON.stringify(canonical(JSON.parse(text)));
    const got = JSON.stringify(canonical(JSON.parse(again)));
    if (got !== want) note(index, `round trip changed the payload: ${want} -> ${got}`);
  } catch (error) {
    note(index, `valid payload refused: ${error}`);
  }
  if (refusedDocument) expectRefusal(index, module, fromJSON, text, "", "a payload holding a lone surrogate");
  if (entry.bad) {
    const pointer = holdsLoneSurrogate(JSON.parse(entry.bad.payload)) ? "" : entry.bad.pointer;
    expectRefusal(index, module, fromJSON, entry.bad.payload, pointer, "a payload wrong at a hostile wire name");
  }
}

process.stdout.write = realStdout;
process.stderr.write = realStderr;
writeFileSync(path.join(folder, "results_node.json"), JSON.stringify(problems));
