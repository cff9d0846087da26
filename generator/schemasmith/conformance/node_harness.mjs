// The Node side of schemasmith conformance's TypeScript judge (typescript_judge.py runs it).
// argv: compiled module, load and dump function names, payloads file (a JSON array of base64
// strings), results file. A payload is decoded as strict UTF-8 keeping a byte order mark, as the
// Python judge does.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, loadName, dumpName, payloadsPath, resultsPath] = process.argv.slice(2);
const generated = await import(pathToFileURL(modulePath).href);
const load = generated[loadName];
const dump = generated[dumpName];
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const describe = (error) => `${error?.name ?? typeof error}: ${error?.message ?? String(error)}`;

const results = JSON.parse(readFileSync(payloadsPath, "utf-8")).map((encoded) => {
  let text;
  try {
    text = decoder.decode(Buffer.from(encoded, "base64"));
  } catch (error) {
    return { valid: false, pointer: "", message: "not UTF-8 text", crashed: false };
  }
  let value;
  try {
    value = load(text);
  } catch (error) {
    const schemaError = error instanceof generated.SchemaValidationError;
    return { valid: false, pointer: schemaError ? error.pointer : "", message: describe(error), crashed: !schemaError };
  }
  try {
    return { valid: true, roundTrip: dump(value) };
  } catch (error) {
    return { valid: true, roundTrip: null, roundTripError: describe(error) };
  }
});
writeFileSync(resultsPath, JSON.stringify(results));
