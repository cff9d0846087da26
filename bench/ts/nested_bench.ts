// Benchmark: the generated `orderFromJSON` / `sessionFromJSON` against zod 4 schemas written to the
// same rules and against ajv 8 (+ ajv-formats) compiled from the same JSON Schemas.
//
// Driven by bench/nested_bench.py, which compiles this file beside the generated order.ts and
// session.ts: node nested_bench.js <payloads.json> <order.schema.json> <session.schema.json> <rounds>
//
// Each decoder gets the same JSON text. Ours and zod: JSON.parse, every check, wire names mapped to
// the idiomatic ones and date-times to Dates. ajv: JSON.parse and validation only (what a
// TypeScript user holding a JSON Schema reaches for). Each round times ours and then the anchor,
// back to back, each result dropped; printed: the median of the rounds' ratios (anchor / ours).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import * as z from "zod";

import { orderFromJSON } from "./order.js";
import { sessionFromJSON } from "./session.js";

const require = createRequire(import.meta.url);

// -- zod: the order, to the schema's rules ------------------------------------------------------

const unique = (items: string[]): boolean => new Set(items).size === items.length;

const LineSchema = z
  .strictObject({
    sku: z.string().regex(/^[A-Z0-9-]{3,20}$/u),
    quantity: z.number().int().min(1).max(1000),
    unit_price: z.number().min(0),
    discount: z.number().min(0).max(1).optional(),
  })
  .transform(({ unit_price, ...rest }) => ({ ...rest, unitPrice: unit_price }));

const PaymentSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("card"), brand: z.enum(["visa", "mastercard", "amex"]), last4: z.string().regex(/^[0-9]{4}$/u) }),
  z.strictObject({ kind: z.literal("transfer"), iban: z.string().regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/u), reference: z.string().max(140).optional() }),
  z.strictObject({ kind: z.literal("wallet"), provider: z.enum(["paypal", "applepay", "googlepay"]), account: z.string().min(3).max(64) }),
]);

const OrderSchema = z.strictObject({
  id: z.string().regex(/^ord_[0-9a-f]{12}$/u),
  status: z.enum(["new", "paid", "shipped", "cancelled"]),
  created: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
  customer: z.strictObject({
    id: z.number().int().min(1),
    name: z.string().min(1).max(100),
    email: z.string().max(254).regex(/^[^@\s]+@[^@\s]+$/u),
    vip: z.boolean().optional(),
  }),
  lines: z.array(LineSchema).min(1).max(100),
  payment: PaymentSchema,
  tags: z.array(z.string().max(20)).max(10).refine(unique).optional(),
  note: z.union([z.string().max(500), z.array(z.string().max(100)).max(5)]).optional(),
  total: z.number().min(0).optional(),
});

// -- zod: Session (as bench/ts/session_bench.ts writes it) ---------------------------------------

const nullableString = () => z.string().nullable().optional();
const SESSION_NAMES: ReadonlyMap<string, string> = new Map([
  ["timestamp", "timestamp"], ["session_id", "sessionId"], ["conversation_id", "conversationId"],
  ["channel_manager_service", "channelManagerService"], ["channel_manager_type", "channelManagerType"],
  ["channel_manager_sid", "channelManagerSid"], ["agent_id", "agentId"], ["agent_name", "agentName"],
  ["agent_type", "agentType"], ["agent_timezone", "agentTimezone"], ["prompt_id", "promptId"],
  ["prompt_name", "promptName"], ["prompt_version", "promptVersion"], ["duration", "duration"],
  ["session_label_id", "sessionLabelId"], ["source", "source"], ["target", "target"],
  ["is_legacy", "isLegacy"], ["is_test", "isTest"],
]);
const SessionSchema = z
  .looseObject({
    timestamp: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
    session_id: nullableString(), conversation_id: nullableString(), channel_manager_service: nullableString(),
    channel_manager_type: nullableString(), channel_manager_sid: nullableString(), agent_id: nullableString(),
    agent_name: nullableString(), agent_type: nullableString(), agent_timezone: nullableString(),
    prompt_id: nullableString(), prompt_name: nullableString(), prompt_version: nullableString(),
    duration: z.number().nullable().optional(), session_label_id: nullableString(), source: nullableString(),
    target: nullableString(), is_legacy: z.boolean().nullable().optional(), is_test: z.boolean().nullable().optional(),
  })
  .transform((wire) => {
    const out: { [key: string]: unknown } = {};
    let extra: { [key: string]: unknown } | undefined;
    const source = wire as { [key: string]: unknown };
    for (const key of Object.keys(source)) {
      const field = SESSION_NAMES.get(key);
      if (field !== undefined) out[field] = source[key];
      else (extra ??= {})[key] = source[key];
    }
    if (extra !== undefined) out.additionalProperties = extra;
    return out;
  });

// -- ajv -----------------------------------------------------------------------------------------

type Validate = (data: unknown) => boolean;

function ajvFor(schemaPath: string): Validate {
  const schema = JSON.parse(readFileSync(schemaPath, "utf-8")) as { $schema?: string };
  const modern = (schema.$schema ?? "").includes("2020-12");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Ajv = (require(modern ? "ajv/dist/2020" : "ajv") as any).default;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const addFormats = (require("ajv-formats") as any).default;
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  return ajv.compile(schema) as Validate;
}

// -- timing --------------------------------------------------------------------------------------

type Decoder = (text: string) => unknown;

function pass(decode: Decoder, texts: readonly string[]): void {
  for (const text of texts) decode(text); // each result dropped
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function compare(caseName: string, pair: string, ours: Decoder, anchor: Decoder, texts: string[], rounds: number) {
  for (const text of texts) {
    ours(text);
    if (anchor(text) === false) throw new Error(`${pair}: the anchor refused a valid payload: ${text.slice(0, 200)}`);
  }
  for (let warm = 0; warm < 3; warm++) {
    pass(ours, texts);
    pass(anchor, texts);
  }
  const ratios: number[] = [];
  let bestOurs = Infinity;
  let bestAnchor = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = now();
    pass(ours, texts);
    const middle = now();
    pass(anchor, texts);
    const end = now();
    bestOurs = Math.min(bestOurs, middle - start);
    bestAnchor = Math.min(bestAnchor, end - middle);
    ratios.push((end - middle) / (middle - start));
  }
  return { case: caseName, pair, ours: texts.length / bestOurs, anchor: texts.length / bestAnchor, ratio: median(ratios) };
}

function main(): void {
  const [payloadsPath, orderSchema, sessionSchema, roundsText] = process.argv.slice(2);
  const payloads = JSON.parse(readFileSync(payloadsPath, "utf-8")) as { [name: string]: string[] };
  const rounds = Number(roundsText);
  const ajvOrder = ajvFor(orderSchema);
  const ajvSession = ajvFor(sessionSchema);
  const zodOrder: Decoder = (text) => OrderSchema.parse(JSON.parse(text));
  const zodSession: Decoder = (text) => SessionSchema.parse(JSON.parse(text));
  const ajvOrderText: Decoder = (text) => ajvOrder(JSON.parse(text));
  const ajvSessionText: Decoder = (text) => ajvSession(JSON.parse(text));
  for (const text of payloads.invalid) {
    for (const [name, decode] of [["ours", orderFromJSON], ["zod", zodOrder]] as [string, Decoder][]) {
      let accepted = true;
      try {
        decode(text);
      } catch {
        accepted = false;
      }
      if (accepted) throw new Error(`${name} accepted an invalid order: ${text.slice(0, 200)}`);
    }
    if (ajvOrderText(text)) throw new Error(`ajv accepted an invalid order: ${text.slice(0, 200)}`);
  }
  const rows = [
    compare("nested order, note string", "orderFromJSON vs zod", orderFromJSON, zodOrder, payloads.string, rounds),
    compare("nested order, note array", "orderFromJSON vs zod", orderFromJSON, zodOrder, payloads.array, rounds),
    compare("Session", "sessionFromJSON vs zod", sessionFromJSON, zodSession, payloads.session, rounds),
    compare("nested order, note string", "orderFromJSON vs ajv", orderFromJSON, ajvOrderText, payloads.string, rounds),
    compare("nested order, note array", "orderFromJSON vs ajv", orderFromJSON, ajvOrderText, payloads.array, rounds),
    compare("Session", "sessionFromJSON vs ajv", sessionFromJSON, ajvSessionText, payloads.session, rounds),
  ];
  process.stdout.write(JSON.stringify(rows));
}

main();
