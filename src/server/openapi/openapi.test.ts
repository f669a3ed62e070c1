/**
 * The API reference rule, held over every route of the document (those added later too): each
 * operation has a description beyond its summary, an example of its JSON body and of its JSON success
 * answer, and every example validates against its schema. And /api/docs loads nothing from elsewhere.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

type Schema = Record<string, unknown>;
interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  summary?: string;
  description?: string;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description?: string; content?: Record<string, Media> }>;
}
interface Document {
  info: { description: string };
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
}

const isJson = (contentType: string) => /^application\/(.+\+)?json$/.test(contentType);
const examplesOf = (media: Media): unknown[] => ('example' in media ? [media.example] : Object.values(media.examples ?? {}).map((e) => e.value));

/** The keywords of JSON Schema whose values are schemas (or lists or maps of them), to find examples nested anywhere. */
const subschemaLists = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const subschemaMaps = ['properties', 'patternProperties', '$defs', 'definitions'];
const subschemas = ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else'];
function* nestedExamples(schema: Schema, place: string): Generator<{ place: string; schema: Schema; example: unknown }> {
  for (const example of Array.isArray(schema.examples) ? schema.examples : []) yield { place, schema, example };
  if ('example' in schema) yield { place, schema, example: schema.example };
  for (const key of subschemaLists) for (const [i, s] of ((schema[key] as Schema[] | undefined) ?? []).entries()) yield* nestedExamples(s, `${place}.${key}[${i}]`);
  for (const key of subschemaMaps) for (const [name, s] of Object.entries((schema[key] as Record<string, Schema> | undefined) ?? {})) yield* nestedExamples(s, `${place}.${name}`);
  for (const key of subschemas) if (schema[key] && typeof schema[key] === 'object') yield* nestedExamples(schema[key] as Schema, `${place}.${key}`);
}

describe.each(engines)('the API reference on %s', (engine) => {
  let t: TestApp;
  let document: Document;
  let operations: { name: string; operation: Operation }[];
  beforeAll(async () => {
    t = await buildTestApp(engine);
    document = (await anonymous(t).get('/api/openapi.json')).json();
    operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })));
  });
  afterAll(() => t.close());

  it('describes every operation beyond its summary, and gives an example of every JSON body and JSON success answer', () => {
    expect(operations.length).toBeGreaterThan(80);
    const missing = operations.flatMap(({ name, operation }) => {
      const problems: string[] = [];
      if (!operation.description || operation.description.trim().length < 20 || operation.description === operation.summary) problems.push('a description (schema.description: who may call it, what it returns, notable errors)');
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) if (isJson(type) && examplesOf(media).length === 0) problems.push('an example of its body (examples: [...] on the body schema)');
      // A redirect (the OIDC sign-in steps) is that route's success.
      const success = Object.entries(operation.responses).filter(([status]) => /^[23]/.test(status));
      if (success.length === 0) problems.push('a success response');
      for (const [status, response] of success) {
        // Files (PDF, Excel, zip) are described by their content type; an example of their bytes would say nothing.
        for (const [type, media] of Object.entries(response.content ?? {})) if (isJson(type) && examplesOf(media).length === 0) problems.push(`an example of its ${status} answer (examples: [...] on the response schema)`);
      }
      return problems.map((problem) => `${name} lacks ${problem}`);
    });
    expect(missing).toEqual([]);
  });

  it('gives examples that validate against their schemas', () => {
    // The document's own schemas, checked as strictly as the app's validator checks requests, but without
    // its coercion, defaults or removal of unknown properties: an example must be right as written.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const compiled = new Map<Schema, ValidateFunction>();
    const validate = (schema: Schema) => compiled.get(schema) ?? compiled.set(schema, ajv.compile(schema)).get(schema)!;
    let checked = 0;
    const wrong = operations.flatMap(({ name, operation }) => {
      const media = [
        ...Object.entries(operation.requestBody?.content ?? {}).map(([type, m]) => ({ place: `${name} body ${type}`, media: m })),
        ...Object.entries(operation.responses).flatMap(([status, r]) => Object.entries(r.content ?? {}).map(([type, m]) => ({ place: `${name} ${status} ${type}`, media: m }))),
      ];
      return media.flatMap(({ place, media: m }) => {
        if (!m.schema) return [];
        const cases = [...examplesOf(m).map((example) => ({ place, schema: m.schema!, example })), ...nestedExamples(m.schema, place)];
        return cases.flatMap(({ place: at, schema, example }) => {
          checked++;
          const check = validate(schema);
          return check(example) ? [] : [`${at}: ${ajv.errorsText(check.errors)} in ${JSON.stringify(example).slice(0, 200)}`];
        });
      });
    });
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(operations.length);
  });

  it('introduces the API (authentication, errors, languages, limits, pagination) and describes every tag in use', () => {
    const intro = document.info.description;
    for (const topic of ['Authorization: Bearer', 'hoctap_session', '"error"', 'Accept-Language', '429', 'Retry-After', 'offset']) expect(intro).toContain(topic);
    const used = new Set(operations.flatMap(({ operation }) => (operation as { tags?: string[] }).tags ?? []));
    const described = new Map(document.tags.map((tag) => [tag.name, tag.description]));
    expect([...used].filter((tag) => !described.get(tag))).toEqual([]);
  });

  it('serves the reference at /api/docs from this origin only, under a policy of its own', async () => {
    for (const url of ['/api/docs', '/api/docs/']) {
      const page = await anonymous(t).get(url);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*(unsafe|https?:|\*)/);
      const references = [...page.body.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
      expect(references.length).toBeGreaterThan(3);
      for (const reference of references) {
        // Same origin: a path, never a scheme or a protocol-relative //host.
        expect(reference).toMatch(/^(\/(?!\/)|\.\/)/);
        const asset = await anonymous(t).get(new URL(reference, `http://localhost${url}`).pathname);
        expect(asset.statusCode, reference).toBe(200);
      }
      expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    const initializer = await anonymous(t).get('/api/docs/static/swagger-initializer.js');
    // Swagger UI would otherwise send the whole document to validator.swagger.io.
    expect(initializer.body).toContain('validatorUrl: null');
    expect(initializer.body.replace(/^\s*\/\/.*$/gm, '')).not.toMatch(/https?:\/\//);
    // The PWA's pages keep their own policy.
    expect(String((await anonymous(t).get('/api/health')).headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
