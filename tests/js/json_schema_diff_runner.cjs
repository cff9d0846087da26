// Runs Atlassian's json-schema-diff (the npm package's own API, which its CLI calls) on many
// schema pairs in one Node process: stdin is a JSON array of [source, destination] pairs, stdout
// one JSON object per pair: {added: bool, removed: bool} (whether the set of values the
// destination added / removed is non-empty), or {error: "..."} when it refuses the pair.
const jsonSchemaDiff = require("json-schema-diff");

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const pairs = JSON.parse(input);
  const results = [];
  for (const [sourceSchema, destinationSchema] of pairs) {
    try {
      const result = await jsonSchemaDiff.diffSchemas({ sourceSchema, destinationSchema });
      results.push({ added: result.additionsFound, removed: result.removalsFound });
    } catch (error) {
      results.push({ error: String(error && error.message ? error.message : error).split("\n")[0] });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  process.stderr.write(String(error) + "\n");
  process.exit(2);
});
