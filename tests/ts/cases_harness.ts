// Runs a generated module's loaders over payload cases: argv = module path, function prefix,
// cases file. Prints [{name, accepted, pointer, message, roundTrip}] where roundTrip tells whether
// JSON.parse(toJSON(fromJSON(text))) equals JSON.parse(text), date-times compared as instants.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

type Case = { name: string; json: string };
const [modulePath, prefix, casesPath] = process.argv.slice(2);
const module = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
const fromJSON = module[`${prefix}FromJSON`] as (text: string) => unknown;
const toJSON = module[`${prefix}ToJSON`] as (value: unknown) => string;
const cases = (JSON.parse(readFileSync(casesPath, "utf-8")) as { cases: Case[] }).cases;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function normal(value: unknown): unknown {
  if (typeof value === "string" && DATE_TIME.test(value)) return `instant:${Date.parse(value.toUpperCase())}`;
  if (Array.isArray(value)) return value.map(normal);
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, normal(v)] as const);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  return value;
}

const results = cases.map((c) => {
  try {
    const value = fromJSON(c.json);
    const again = JSON.stringify(normal(JSON.parse(toJSON(value))));
    return { name: c.name, accepted: true, pointer: "", message: "", roundTrip: again === JSON.stringify(normal(JSON.parse(c.json))) };
  } catch (error) {
    const e = error as { pointer?: string; message?: string; name?: string };
    return { name: c.name, accepted: false, pointer: e.pointer ?? null, message: `${e.name}: ${e.message}`, roundTrip: false };
  }
});
process.stdout.write(JSON.stringify(results));
