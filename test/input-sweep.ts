/**
 * Hostile requests generated from the OpenAPI document: for every operation,
 * every path and query parameter and every body field (nested ones too) is
 * replaced, one at a time, by values of each hostile category, the rest of the
 * request staying valid so that it gets past validation of the other fields.
 * Whole bodies are also sent malformed, of the wrong type, deeply nested and
 * with prototype keys. A route added later is swept because it appears in the
 * document. Values that are generated come from fast-check with a fixed seed.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

export interface SweepRequest {
  label: string;
  method: string;
  /** The path as the document writes it, /api/courses/{id}. */
  template: string;
  url: string;
  /** Raw body text (JSON unless it is meant to be malformed). */
  payload?: string;
  /** The operation's valid example, nothing hostile in it. */
  valid?: boolean;
}

/** What the sweep knows of the world it runs in: real values for names in paths, queries and bodies. */
export interface SweepWorld {
  /** A real value for a path parameter, from the path segment before it (`courses` in /courses/{id}), the method and the path. */
  pathValue(segment: string, name: string, method: string, template: string): string | undefined;
  /** A real value for a field or query parameter by its name, when the schema alone cannot make a useful one. */
  fieldValue(name: string, schema: JsonSchema): unknown;
  /** Whole example bodies for operations whose schema says little (documents checked by the service). */
  body(method: string, path: string): unknown;
}

/** A hostile value: JSON text for bodies, already percent-encoded text for URLs. */
interface Hostile {
  category: string;
  json: string;
  url: string;
}

const seed = 20261124;
const utf8Percent = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const text = (category: string, value: string): Hostile => ({ category, json: JSON.stringify(value), url: encodeURIComponent(value) });
const raw = (category: string, json: string, url = json): Hostile => ({ category, json, url });

const megabyte = 'x'.repeat(1024 * 1024);
const deepJson = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

const integers = ['0', '-1', '2147483647', '2147483648', '9007199254740991', '9007199254740993', '1e308', '99999999999999999999'].map((n) => raw('integer', n));
const dates = ['2026-13-01', '2026-02-30', '2026-00-10', '2026-1-1', '99999-01-01'].map((d) => text('date', d));
const wrongTypes = [raw('wrong type', 'null', ''), raw('wrong type', 'true'), raw('wrong type', '"abc"', 'abc'), raw('wrong type', '12.5'), raw('wrong type', '[]', '%5B%5D'), raw('wrong type', '{}', '%7B%7D'), raw('wrong type', '"-0"', '-0')];
const fixed: Hostile[] = [
  raw('1 MB string', JSON.stringify(megabyte), megabyte),
  raw('deep nesting', deepJson, '%5B'.repeat(10_000)),
  raw('NUL', '"a\\u0000b"', 'a%00b'),
  raw('unpaired surrogate', '"a\\ud800b"', 'a%ED%A0%80b'),
  text('RTL override', '\u202Eabc.exe'),
  raw('percent-encoding', '"%E0%A4%A"', '%E0%A4%A'),
  raw('percent-encoding', '"%"', '%'),
  text('percent-encoding', '![a](media/%E0%A4%A) [b](%) [c](%zz)'),
  raw('prototype key', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}', '__proto__'),
  raw('prototype key', '"constructor"', 'constructor'),
];

/** A few generated values per target: any JSON, and any text (lone surrogates included). */
function generated(count: number): Hostile[] {
  const values = fc.sample(fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 40 })), { seed, numRuns: count });
  return values.flatMap(([json, string]) => [
    { category: 'generated', json: JSON.stringify(json) ?? 'null', url: utf8Percent(String(json)) },
    { category: 'generated', json: JSON.stringify(string), url: utf8Percent(string) },
  ]);
}
const generatedValues = generated(40);

const typeOf = (schema: JsonSchema): string | undefined => {
  if (schema.anyOf) return schema.anyOf.map(typeOf).find((t) => t && t !== 'null');
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  return schema.type ?? (schema.enum ? typeof schema.enum[0] : undefined);
};
const isDateLike = (name: string, schema: JsonSchema) => Boolean(schema.pattern?.includes('\\d{4}') || schema.format === 'date' || /^(from|to|at)$|On$|Date/.test(name));

/** The values tried on one target: all categories; every integer and date where the field takes one, a sample otherwise. */
function hostileValuesFor(name: string, schema: JsonSchema, index: number): Hostile[] {
  const numeric = ['integer', 'number'].includes(typeOf(schema) ?? '');
  const pick = <T>(list: readonly T[], n: number) => Array.from({ length: n }, (_, k) => list[(index + k) % list.length]!);
  return [
    ...(numeric ? integers : pick(integers, 2)),
    ...(isDateLike(name, schema) ? dates : pick(dates, 1)),
    ...wrongTypes,
    ...fixed,
    ...pick(generatedValues, 2),
  ];
}

/** A valid value for a schema (a field or parameter named `name`). */
export function example(schema: JsonSchema, name: string, world: SweepWorld): unknown {
  const known = world.fieldValue(name, schema);
  if (known !== undefined) return known;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.anyOf) return example(schema.anyOf.find((s) => typeOf(s) !== 'null' && s.type !== 'null') ?? schema.anyOf[0]!, name, world);
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return '2026-11-24T02:00:00.000Z';
      if (isDateLike(name, schema)) return '2026-11-20';
      return 'Nội dung thử'.padEnd(schema.minLength ?? 0, '.').slice(0, schema.maxLength ?? 1000);
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () => example(schema.items ?? {}, name, world));
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, example(property, key, world)]));
    default:
      return 'x';
  }
}

type Path = (string | number)[];

const inferred = (value: unknown): JsonSchema =>
  Array.isArray(value)
    ? { type: 'array', items: value.length > 0 ? inferred(value[0]) : {} }
    : value === null
      ? {}
      : typeof value === 'object'
        ? { type: 'object' }
        : { type: Number.isInteger(value) ? 'integer' : typeof value };

/** Every field of a body, nested objects and array items included, with its schema. */
function leaves(schema: JsonSchema, value: unknown, at: Path = [], depth = 0): { path: Path; schema: JsonSchema }[] {
  if (depth > 3) return [];
  if (schema.anyOf) {
    const branch = schema.anyOf.find((s) => typeOf(s) === typeOf(schema));
    return branch && branch !== schema ? leaves(branch, value, at, depth) : [];
  }
  // A document the schema leaves open (a record checked by the service): its fields are those of the example.
  if (typeOf(schema) === 'object' && !schema.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    return leaves({ type: 'object', properties: Object.fromEntries(Object.entries(value).map(([key, v]) => [key, inferred(v)])) }, value, at, depth);
  }
  if (typeOf(schema) === 'object' && schema.properties && value && typeof value === 'object') {
    return Object.entries(schema.properties).flatMap(([key, property]) => [
      { path: [...at, key], schema: property },
      ...leaves(property, (value as Record<string, unknown>)[key], [...at, key], depth + 1),
    ]);
  }
  if (typeOf(schema) === 'array' && schema.items && Array.isArray(value) && value.length > 0) {
    return [{ path: [...at, 0], schema: schema.items }, ...leaves(schema.items, value[0], [...at, 0], depth + 1)];
  }
  return [];
}

const marker = '\u0001hostile\u0001';

/** The body as JSON text with the value at `path` replaced by raw JSON text. */
function bodyWith(body: unknown, path: Path, json: string): string {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1)!] = marker;
  return JSON.stringify(copy).replace(JSON.stringify(marker), () => json);
}

function urlOf(template: string, pathValues: Record<string, string>, query: Record<string, string>): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name]!);
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
    .join('&');
  return search ? `${path}?${search}` : path;
}

const malformedBodies = ['{"a":', '{', 'nul', '{"a":1}x', '\u0000', '{"a":"\\ud800"', "{'a':1}"];
const otherBodies = ['{}', '{"unknown":1}', '[]', '"text"', '1', 'null', 'true', '[{"a":1}]'];

/** Every hostile request for every operation of the document. */
export function sweepRequests(spec: OpenApi, world: SweepWorld): SweepRequest[] {
  const requests: SweepRequest[] = [];
  let index = 0;
  for (const [template, operations] of Object.entries(spec.paths)) {
    for (const [lowerMethod, operation] of Object.entries(operations)) {
      const method = lowerMethod.toUpperCase();
      const parameters = operation.parameters ?? [];
      const segments = template.split('/');
      const pathValues: Record<string, string> = {};
      for (const p of parameters.filter((p) => p.in === 'path')) {
        const segment = segments[segments.indexOf(`{${p.name}}`) - 1] ?? '';
        pathValues[p.name] = world.pathValue(segment, p.name, method, template) ?? encodeURIComponent(String(example(p.schema, p.name, world)));
      }
      const query: Record<string, string> = {};
      for (const p of parameters.filter((p) => p.in === 'query' && p.required)) query[p.name] = encodeURIComponent(String(example(p.schema, p.name, world)));
      const bodySchema = operation.requestBody?.content['application/json']?.schema;
      // Made afresh for each request: some fields must differ every time (a progress event's id).
      const validBody = () => (bodySchema ? (world.body(method, template) ?? example(bodySchema, 'body', world)) : undefined);
      const body = validBody();
      const validPayload = () => {
        const fresh = validBody();
        return fresh === undefined ? undefined : JSON.stringify(fresh);
      };
      const at = (what: string, value: Hostile) => `${method} ${template} ${what} = ${value.category} ${value.json.length > 60 ? `${value.json.slice(0, 60)}…` : value.json}`;

      const targets = [
        ...parameters.filter((p) => p.in === 'path' || p.in === 'query').map((p) => ({ kind: p.in, name: p.name, schema: p.schema })),
        ...(bodySchema ? leaves(bodySchema, body).map((leaf) => ({ kind: 'body' as const, name: String(leaf.path.at(-1)), schema: leaf.schema, path: leaf.path })) : []),
      ];
      // A route without parameters or fields still gets every category, in a query parameter it does not expect.
      if (targets.length === 0) targets.push({ kind: 'query', name: 'x', schema: {} });

      // The valid request itself, so that the examples can be seen to reach the services.
      requests.push({ template, label: `${method} ${template} valid`, method, url: urlOf(template, pathValues, query), payload: validPayload(), valid: true });
      for (const target of targets) {
        index += 1;
        for (const value of hostileValuesFor(target.name, target.schema, index)) {
          if (target.kind === 'path') {
            requests.push({ template, label: at(`path ${target.name}`, value), method, url: urlOf(template, { ...pathValues, [target.name]: value.url }, query), payload: validPayload() });
          } else if (target.kind === 'query') {
            requests.push({ template, label: at(`query ${target.name}`, value), method, url: urlOf(template, pathValues, { ...query, [target.name]: value.url }), payload: validPayload() });
          } else {
            const path = (target as { path: Path }).path;
            requests.push({ template, label: at(`body ${path.join('.')}`, value), method, url: urlOf(template, pathValues, query), payload: bodyWith(validBody(), path, value.json) });
          }
        }
      }

      // Prototype keys in the query string, and whole bodies that are broken, of the wrong type, deep or polluting.
      requests.push({ template, label: `${method} ${template} query prototype keys`, method, url: urlOf(template, pathValues, { ...query, ['__proto__']: 'x', constructor: 'x', 'a[__proto__][polluted]': 'true' }), payload: validPayload() });
      if (method !== 'GET') {
        const url = urlOf(template, pathValues, query);
        for (const broken of malformedBodies) requests.push({ template, label: `${method} ${template} malformed JSON ${JSON.stringify(broken)}`, method, url, payload: broken });
        for (const wrong of otherBodies) requests.push({ template, label: `${method} ${template} body ${wrong}`, method, url, payload: wrong });
        requests.push({ template, label: `${method} ${template} body 10,000 levels deep`, method, url, payload: deepJson });
        const polluting = (validPayload() ?? '{}').replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},').replace(/,\}$/, '}');
        requests.push({ template, label: `${method} ${template} body with prototype keys`, method, url, payload: polluting });
      }
    }
  }
  return requests;
}
