// Runs generated TypeScript loaders over corpus instances: argv[2] is a JSON manifest
// [{name, module, prefix, instances: [{file, value}]}]; prints [{name, file, ok, error}].
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

type Entry = { name: string; module: string; prefix: string; instances: { file: string; value: unknown }[] };
type Loader = (value: unknown) => unknown;

const manifest = JSON.parse(readFileSync(process.argv[2], "utf-8")) as Entry[];
const results: { name: string; file: string; ok: boolean; error: string }[] = [];
for (const entry of manifest) {
  const module = (await import(pathToFileURL(entry.module).href)) as Record<string, unknown>;
  const fromWire = module[`${entry.prefix}FromWire`] as Loader;
  const toWire = module[`${entry.prefix}ToWire`] as Loader;
  for (const instance of entry.instances) {
    try {
      // Accept, write back, and accept the written form again.
      fromWire(JSON.parse(JSON.stringify(toWire(fromWire(instance.value)))));
      results.push({ name: entry.name, file: instance.file, ok: true, error: "" });
    } catch (error) {
      results.push({ name: entry.name, file: instance.file, ok: false, error: String(error).slice(0, 300) });
    }
  }
}
process.stdout.write(JSON.stringify(results));
