/** Requests made up from the OpenAPI document: the smallest body or query value a route's schema accepts. */
import { randomUUID } from 'node:crypto';

export interface JsonSchema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  $ref?: string;
}

/** A small value the schema accepts: required properties only (or the first one, so that an update is not empty). */
export function sample(schema: JsonSchema, now: number): unknown {
  if (schema.$ref) throw new Error(`cannot make up a value for ${schema.$ref}: inline the schema, or give the route a body override`);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return sample(choices.find((c) => c.type !== 'null') ?? choices[0]!, now);
  switch (schema.type) {
    case 'object': {
      const names = schema.required?.length ? schema.required : Object.keys(schema.properties ?? {}).slice(0, 1);
      return Object.fromEntries(names.map((name) => [name, sample(schema.properties?.[name] ?? {}, now)]));
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, now));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string': {
      if (schema.format === 'date-time') return new Date(now).toISOString();
      const candidates = ['Kiểm tra ma trận quyền', '2026-11-24', randomUUID()];
      const fits = (text: string) => text.length >= (schema.minLength ?? 0) && (!schema.pattern || new RegExp(schema.pattern, 'u').test(text));
      const text = candidates.find(fits);
      if (text === undefined) throw new Error(`no sample string matches the pattern ${schema.pattern}: add one to the candidates`);
      return text.slice(0, schema.maxLength ?? text.length);
    }
    default:
      return {};
  }
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
export type OpenApi = { paths: Record<string, Record<string, OpenApiOperation>> };
