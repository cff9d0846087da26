// Conformance harness for the generated TypeScript Session model.
//
// Usage: node session_conformance.js <cases.json>
//
// For every case in the shared cases file it runs `sessionFromJSON` and prints one JSON array
// of results on stdout. Accepted payloads are round-tripped through `sessionToJSON` and the
// result is compared with the original JSON: "timestamp" as an instant (millisecond precision,
// since a Date holds nothing finer), everything else by deep equality, with absent properties
// staying absent and nulls staying null. Rejected payloads report the error's class, pointer
// and message. The judging of expectations is left to the pytest side.

import { readFileSync } from "node:fs";

import { SchemaValidationError, sessionFromJSON, sessionToJSON, type Session } from "./session.js";

type Case = {
  name: string;
  json: string;
  valid: boolean;
  pointer?: string;
};

type Accepted = {
  name: string;
  accepted: true;
  /** Whether the decoded `timestamp` is a real, valid Date. */
  timestampIsDate: boolean;
  /** The own keys of the decoded Session, in order. */
  modelKeys: string[];
  /** The decoded `additionalProperties`, or null when the property is absent. */
  additionalProperties: { [key: string]: unknown } | null;
  /** The text `sessionToJSON` produced, or null when it threw. */
  roundTripJSON: string | null;
  /** Every difference between the original payload and the round-tripped one; empty when lossless. */
  roundTripProblems: string[];
};

type Rejected = {
  name: string;
  accepted: false;
  errorIsSchemaValidationError: boolean;
  errorName: string;
  pointer: string | null;
  message: string;
};

type Result = Accepted | Rejected;

type JsonObject = { [key: string]: unknown };

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasOwn(value: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && Object.is(value, -0)) return "-0";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function readCases(path: string): Case[] {
  const document: unknown = JSON.parse(readFileSync(path, "utf-8"));
  if (!isJsonObject(document) || !Array.isArray(document["cases"])) {
    throw new Error(`${path}: expected an object with a "cases" array`);
  }
  return document["cases"].map((entry: unknown, index: number): Case => {
    if (
      !isJsonObject(entry) ||
      typeof entry["name"] !== "string" ||
      typeof entry["json"] !== "string" ||
      typeof entry["valid"] !== "boolean"
    ) {
      throw new Error(`${path}: case ${index} is not {name: string, json: string, valid: boolean}`);
    }
    const pointer = entry["pointer"];
    const parsed: Case = { name: entry["name"], json: entry["json"], valid: entry["valid"] };
    if (typeof pointer === "string") parsed.pointer = pointer;
    return parsed;
  });
}

/** Structural equality of parsed JSON values (own keys, order-insensitive for objects). */
function deepEqual(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item: unknown, index: number) => deepEqual(item, right[index]));
  }
  if (isJsonObject(left) || isJsonObject(right)) {
    if (!isJsonObject(left) || !isJsonObject(right)) return false;
    const leftKeys = Object.keys(left);
    const rightKeys = Object.keys(right);
    if (leftKeys.length !== rightKeys.length) return false;
    return leftKeys.every((key) => hasOwn(right, key) && deepEqual(left[key], right[key]));
  }
  return Object.is(left, right);
}

const FRACTION = /^(.*[Tt]\d{2}:\d{2}:\d{2}\.\d{1,3})\d*/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The instant of an RFC 3339 string, with any sub-millisecond digits truncated (not rounded). */
function instantMillis(text: string): number {
  return Date.parse(text.replace(FRACTION, "$1"));
}

function compareTimestamps(original: unknown, again: unknown, problems: string[]): void {
  if (typeof original !== "string") {
    problems.push(`original timestamp is not a string: ${describe(original)}`);
    return;
  }
  if (typeof again !== "string") {
    problems.push(`round-tripped timestamp is not a string: ${describe(again)}`);
    return;
  }
  if (!RFC3339.test(again)) {
    problems.push(`round-tripped timestamp is not an RFC 3339 date-time: ${describe(again)}`);
  }
  const expected = instantMillis(original);
  const actual = Date.parse(again);
  if (Number.isNaN(expected)) {
    problems.push(`harness cannot read the original timestamp ${describe(original)} as an instant`);
  } else if (actual !== expected) {
    const shown = Number.isNaN(actual) ? "NaN" : new Date(actual).toISOString();
    problems.push(
      `timestamp ${describe(original)} came back as ${describe(again)}: ` +
        `instant ${shown}, expected ${new Date(expected).toISOString()}`,
    );
  }
}

function roundTripProblems(text: string, output: string): string[] {
  const problems: string[] = [];
  const original: unknown = JSON.parse(text);
  let again: unknown;
  try {
    again = JSON.parse(output);
  } catch (error) {
    problems.push(`sessionToJSON produced text that is not JSON: ${describe(output)} (${String(error)})`);
    return problems;
  }
  if (!isJsonObject(original) || !isJsonObject(again)) {
    problems.push(`expected two objects, got ${describe(original)} and ${describe(again)}`);
    return problems;
  }
  for (const key of Object.keys(original)) {
    if (!hasOwn(again, key)) {
      problems.push(`property ${describe(key)} (${describe(original[key])}) is absent after the round trip`);
    } else if (key === "timestamp") {
      compareTimestamps(original[key], again[key], problems);
    } else if (!deepEqual(original[key], again[key])) {
      problems.push(`property ${describe(key)}: ${describe(original[key])} came back as ${describe(again[key])}`);
    }
  }
  for (const key of Object.keys(again)) {
    if (!hasOwn(original, key)) {
      problems.push(`property ${describe(key)} (${describe(again[key])}) appeared after the round trip`);
    }
  }
  return problems;
}

function accept(testCase: Case, value: Session): Accepted {
  let roundTripJSON: string | null = null;
  let problems: string[];
  try {
    roundTripJSON = sessionToJSON(value);
    problems = roundTripProblems(testCase.json, roundTripJSON);
  } catch (error) {
    problems = [`sessionToJSON threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`];
  }
  const timestamp: unknown = value.timestamp;
  return {
    name: testCase.name,
    accepted: true,
    timestampIsDate: timestamp instanceof Date && !Number.isNaN(timestamp.getTime()),
    modelKeys: Object.keys(value),
    additionalProperties: value.additionalProperties ?? null,
    roundTripJSON,
    roundTripProblems: problems,
  };
}

function reject(testCase: Case, error: unknown): Rejected {
  const isSchemaError = error instanceof SchemaValidationError;
  return {
    name: testCase.name,
    accepted: false,
    errorIsSchemaValidationError: isSchemaError,
    errorName: error instanceof Error ? error.name : typeof error,
    pointer: isSchemaError ? error.pointer : null,
    message: error instanceof Error ? error.message : String(error),
  };
}

function run(testCase: Case): Result {
  let value: Session;
  try {
    value = sessionFromJSON(testCase.json);
  } catch (error) {
    return reject(testCase, error);
  }
  return accept(testCase, value);
}

function main(argv: readonly string[]): void {
  const path = argv[2];
  if (path === undefined) {
    process.stderr.write("usage: node session_conformance.js <cases.json>\n");
    process.exitCode = 2;
    return;
  }
  const results: Result[] = readCases(path).map(run);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main(process.argv);
