// Benchmark: the generated `sessionFromJSON` against an equivalent zod 4 schema.
//
// Usage (driven by bench/codegen_bench.py, which compiles this file together with
// generated/typescript/session.ts into a temporary folder):
//
//   node session_bench.js <payloads.json> [<baseline session.js>]
//
// With a baseline (another build of the generated module, e.g. from an earlier commit), it is
// timed as a third decoder in the same rounds, so "ours / baseline" comes from one machine state.
// <payloads.json> is {"valid": [json text, ...], "invalid": [json text, ...], "minSeconds": n,
// "repeat": n}. Both decoders get the same JSON text and do the same work: JSON.parse, type checks
// (no coercion), an RFC 3339 date-time check followed by conversion to a Date, snake_case wire
// names mapped to the camelCase `Session`, undeclared properties kept in `additionalProperties`.
// One JSON object is printed on stdout: a sanity check (both accept every valid payload and
// produce the same Session, both reject every invalid one) and, per decoder, the best wall time
// and the best CPU time of `repeat` rounds, the rounds interleaved so that both see the same
// machine state.
//
// Remaining differences, all in zod's favour or neutral for these payloads (none occur in the
// valid set): z.iso.datetime() accepts only upper-case "T"/"Z" and no leap second (RFC 3339 allows
// both, the generated code accepts them); zod's error collects every issue while the generated
// code stops at the first problem (irrelevant for valid payloads, which is what is timed).

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

import * as z from "zod";

import { sessionFromJSON, sessionToJSON, type Session } from "./session.js";

const nullableString = () => z.string().nullable().optional();

/** The wire object: the SDK's style (zod 4, no coercion, nullable + optional, loose object). */
const SessionWireSchema = z.looseObject({
  // RFC 3339 with a required "Z" or offset; the calendar is checked by zod's regex (leap years too).
  timestamp: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
  session_id: nullableString(),
  conversation_id: nullableString(),
  channel_manager_service: nullableString(),
  channel_manager_type: nullableString(),
  channel_manager_sid: nullableString(),
  agent_id: nullableString(),
  agent_name: nullableString(),
  agent_type: nullableString(),
  agent_timezone: nullableString(),
  prompt_id: nullableString(),
  prompt_name: nullableString(),
  prompt_version: nullableString(),
  // z.number() refuses NaN and ±Infinity, as JSON has neither.
  duration: z.number().nullable().optional(),
  session_label_id: nullableString(),
  source: nullableString(),
  target: nullableString(),
  is_legacy: z.boolean().nullable().optional(),
  is_test: z.boolean().nullable().optional(),
});

/** Wire names to `Session` names; anything else goes to additionalProperties (as the SDK's remap does). */
const WIRE_TO_FIELD: ReadonlyMap<string, string> = new Map([
  ["timestamp", "timestamp"],
  ["session_id", "sessionId"],
  ["conversation_id", "conversationId"],
  ["channel_manager_service", "channelManagerService"],
  ["channel_manager_type", "channelManagerType"],
  ["channel_manager_sid", "channelManagerSid"],
  ["agent_id", "agentId"],
  ["agent_name", "agentName"],
  ["agent_type", "agentType"],
  ["agent_timezone", "agentTimezone"],
  ["prompt_id", "promptId"],
  ["prompt_name", "promptName"],
  ["prompt_version", "promptVersion"],
  ["duration", "duration"],
  ["session_label_id", "sessionLabelId"],
  ["source", "source"],
  ["target", "target"],
  ["is_legacy", "isLegacy"],
  ["is_test", "isTest"],
]);

const SessionSchema = SessionWireSchema.transform((wire): Session => {
  const out: { [key: string]: unknown } = {};
  let extra: { [key: string]: unknown } | undefined;
  const source = wire as { [key: string]: unknown };
  for (const key of Object.keys(source)) {
    const field = WIRE_TO_FIELD.get(key);
    if (field !== undefined) out[field] = source[key];
    else (extra ??= {})[key] = source[key];
  }
  if (extra !== undefined) out.additionalProperties = extra;
  return out as Session;
});

function zodFromJSON(text: string): Session {
  return SessionSchema.parse(JSON.parse(text));
}

type Decoder = (text: string) => Session;
type Encoder = (value: Session) => string;

const baselinePath = process.argv[3];
const baseline = baselinePath === undefined
  ? undefined
  : ((await import(pathToFileURL(baselinePath).href)) as { sessionFromJSON: Decoder; sessionToJSON: Encoder });

const DECODERS: ReadonlyArray<[string, Decoder]> = [
  ["ours", sessionFromJSON],
  ["zod", zodFromJSON],
  ...(baseline === undefined ? [] : [["baseline", baseline.sessionFromJSON] as [string, Decoder]]),
];

let sink = 0;

/** One pass over all payloads; the sink keeps the results observable so nothing is optimised away. */
function pass(decode: Decoder, texts: readonly string[]): void {
  for (const text of texts) {
    const session = decode(text);
    sink += session.timestamp.getTime() & 1;
  }
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function main(): void {
  const input = JSON.parse(readFileSync(process.argv[2], "utf-8")) as {
    valid: string[];
    invalid: string[];
    minSeconds: number;
    repeat: number;
  };
  const { valid, invalid } = input;

  // Sanity check (printed, not a test): same acceptance and the same Session from both.
  const problems: string[] = [];
  const accepted: { [name: string]: number } = {};
  const rejected: { [name: string]: number } = {};
  for (const [name, decode] of DECODERS) {
    accepted[name] = 0;
    rejected[name] = 0;
    for (const text of valid) {
      try {
        decode(text);
        accepted[name] += 1;
      } catch (error) {
        if (problems.length < 10) problems.push(`${name} refused a valid payload: ${String(error)} ${text}`);
      }
    }
    for (const text of invalid) {
      try {
        decode(text);
        if (problems.length < 10) problems.push(`${name} accepted an invalid payload: ${text}`);
      } catch {
        rejected[name] += 1;
      }
    }
  }
  let sameOutput = 0;
  let sameOutputBaseline = 0;
  for (const text of valid) {
    try {
      const a = sessionToJSON(sessionFromJSON(text));
      const b = sessionToJSON(zodFromJSON(text));
      if (a === b) sameOutput += 1;
      else if (problems.length < 10) problems.push(`different Session: ${a} vs ${b}`);
      if (baseline !== undefined) {
        const c = baseline.sessionToJSON(baseline.sessionFromJSON(text));
        if (a === c) sameOutputBaseline += 1;
        else if (problems.length < 10) problems.push(`different Session from the baseline: ${a} vs ${c}`);
      }
    } catch {
      // already reported above
    }
  }

  // Warm-up (JIT) and calibration: enough passes per round for minSeconds.
  let passes = 1;
  for (const [, decode] of DECODERS) {
    const start = process.hrtime.bigint();
    let done = 0;
    while (seconds(start) < Math.max(0.5, input.minSeconds)) {
      pass(decode, valid);
      done += 1;
    }
    const perPass = seconds(start) / done;
    passes = Math.max(passes, Math.ceil(input.minSeconds / perPass));
  }

  // Wall time, and this process's CPU time: on a shared machine the CPU time leaves out the
  // moments another process had the core, so its ratios hold steadier.
  const best: { [name: string]: number } = {};
  const bestCpu: { [name: string]: number } = {};
  for (let round = 0; round < input.repeat; round++) {
    for (const [name, decode] of DECODERS) {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < passes; i++) pass(decode, valid);
      const elapsed = seconds(start);
      const used = process.cpuUsage(cpu);
      best[name] = Math.min(best[name] ?? Infinity, elapsed);
      bestCpu[name] = Math.min(bestCpu[name] ?? Infinity, (used.user + used.system) / 1e6);
    }
  }

  const docs = valid.length * passes;
  const results: {
    [name: string]: { bestSeconds: number; bestCpuSeconds: number; docs: number; docsPerSecond: number; docsPerCpuSecond: number };
  } = {};
  for (const [name] of DECODERS) {
    results[name] = {
      bestSeconds: best[name],
      bestCpuSeconds: bestCpu[name],
      docs,
      docsPerSecond: docs / best[name],
      docsPerCpuSecond: docs / bestCpu[name],
    };
  }
  process.stdout.write(
    JSON.stringify({
      node: process.version,
      v8: process.versions.v8,
      sanity: { valid: valid.length, invalid: invalid.length, accepted, rejected, sameOutput, sameOutputBaseline, problems },
      passes,
      repeat: input.repeat,
      results,
      sink,
    }) + "\n",
  );
}

main();
