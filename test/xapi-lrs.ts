/**
 * A Learning Record Store in the test process (the process edge xAPI goes to). It
 * answers as an LRS does (POST /statements: 200 with the ids; 400 for a statement
 * that breaks the xAPI 1.0.3 rules; 409 for a known id with different content;
 * 401 without the right credentials) and validates every statement against the
 * rules of the specification's Data section that matter for what we send.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// RFC 3339 / ISO 8601 with a time zone; xAPI requires one on timestamps.
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const languageTag = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const isoDuration = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function isIri(value: unknown): boolean {
  if (typeof value !== 'string' || /\s/.test(value)) return false;
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(value) && Boolean(new URL(value));
  } catch {
    return false;
  }
}
const isIrl = (value: unknown) => isIri(value) && /^https?:\/\//.test(value as string);

function onlyKeys(value: Json, allowed: readonly string[], where: string, problems: string[]) {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${where}: unknown property ${key}`);
}

function languageMap(value: unknown, where: string, problems: string[]) {
  if (!isObject(value) || Object.keys(value).length === 0) return problems.push(`${where}: must be a non-empty language map`);
  for (const [tag, text] of Object.entries(value)) {
    if (!languageTag.test(tag)) problems.push(`${where}: ${tag} is not an RFC 5646 language tag`);
    if (typeof text !== 'string') problems.push(`${where}.${tag}: must be a string`);
  }
}

function agent(value: unknown, where: string, problems: string[]) {
  if (!isObject(value)) return problems.push(`${where}: must be an object`);
  onlyKeys(value, ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'], where, problems);
  if (value.objectType !== undefined && value.objectType !== 'Agent') problems.push(`${where}.objectType: must be Agent`);
  const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => value[k] !== undefined);
  if (ifis.length !== 1) problems.push(`${where}: needs exactly one inverse functional identifier, has ${ifis.length}`);
  if (value.mbox !== undefined && !/^mailto:[^@\s]+@[^@\s]+$/.test(String(value.mbox))) problems.push(`${where}.mbox: must be mailto:address`);
  if (value.mbox_sha1sum !== undefined && !/^[0-9a-f]{40}$/i.test(String(value.mbox_sha1sum))) problems.push(`${where}.mbox_sha1sum: must be a SHA-1 hex`);
  if (value.openid !== undefined && !isIri(value.openid)) problems.push(`${where}.openid: must be a URI`);
  if (value.account !== undefined) {
    const account = value.account;
    if (!isObject(account)) problems.push(`${where}.account: must be an object`);
    else {
      onlyKeys(account, ['homePage', 'name'], `${where}.account`, problems);
      if (!isIrl(account.homePage)) problems.push(`${where}.account.homePage: must be an IRL`);
      if (typeof account.name !== 'string' || account.name === '') problems.push(`${where}.account.name: must be a non-empty string`);
    }
  }
  if (value.name !== undefined && typeof value.name !== 'string') problems.push(`${where}.name: must be a string`);
}

function activity(value: unknown, where: string, problems: string[]) {
  if (!isObject(value)) return problems.push(`${where}: must be an object`);
  onlyKeys(value, ['objectType', 'id', 'definition'], where, problems);
  if (value.objectType !== undefined && value.objectType !== 'Activity') problems.push(`${where}.objectType: must be Activity here`);
  if (!isIri(value.id)) problems.push(`${where}.id: must be an IRI`);
  if (value.definition !== undefined) {
    const definition = value.definition;
    if (!isObject(definition)) return problems.push(`${where}.definition: must be an object`);
    onlyKeys(definition, ['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps'], `${where}.definition`, problems);
    if (definition.name !== undefined) languageMap(definition.name, `${where}.definition.name`, problems);
    if (definition.description !== undefined) languageMap(definition.description, `${where}.definition.description`, problems);
    if (definition.type !== undefined && !isIri(definition.type)) problems.push(`${where}.definition.type: must be an IRI`);
  }
}

function result(value: unknown, problems: string[]) {
  if (!isObject(value)) return problems.push('result: must be an object');
  onlyKeys(value, ['score', 'success', 'completion', 'response', 'duration', 'extensions'], 'result', problems);
  for (const flag of ['success', 'completion'] as const) if (value[flag] !== undefined && typeof value[flag] !== 'boolean') problems.push(`result.${flag}: must be a boolean`);
  if (value.duration !== undefined && !isoDuration.test(String(value.duration))) problems.push('result.duration: must be an ISO 8601 duration');
  if (value.score !== undefined) {
    const score = value.score;
    if (!isObject(score)) return problems.push('result.score: must be an object');
    onlyKeys(score, ['scaled', 'raw', 'min', 'max'], 'result.score', problems);
    for (const k of ['scaled', 'raw', 'min', 'max']) if (score[k] !== undefined && typeof score[k] !== 'number') problems.push(`result.score.${k}: must be a number`);
    const { scaled, raw, min, max } = score as Record<string, number | undefined>;
    if (scaled !== undefined && (scaled < -1 || scaled > 1)) problems.push('result.score.scaled: must be between -1 and 1');
    if (min !== undefined && max !== undefined && !(min < max)) problems.push('result.score: min must be less than max');
    if (raw !== undefined && min !== undefined && raw < min) problems.push('result.score.raw: below min');
    if (raw !== undefined && max !== undefined && raw > max) problems.push('result.score.raw: above max');
  }
}

function context(value: unknown, problems: string[]) {
  if (!isObject(value)) return problems.push('context: must be an object');
  onlyKeys(value, ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions'], 'context', problems);
  if (value.registration !== undefined && !uuid.test(String(value.registration))) problems.push('context.registration: must be a UUID');
  if (value.language !== undefined && !languageTag.test(String(value.language))) problems.push('context.language: must be a language tag');
  if (value.platform !== undefined && typeof value.platform !== 'string') problems.push('context.platform: must be a string');
  if (value.contextActivities !== undefined) {
    const activities = value.contextActivities;
    if (!isObject(activities)) return problems.push('context.contextActivities: must be an object');
    onlyKeys(activities, ['parent', 'grouping', 'category', 'other'], 'context.contextActivities', problems);
    for (const [k, list] of Object.entries(activities)) for (const [i, a] of [list].flat().entries()) activity(a, `context.contextActivities.${k}[${i}]`, problems);
  }
}

/** Every rule a statement breaks; none means the LRS accepts it. */
export function statementProblems(statement: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(statement)) return ['statement: must be an object'];
  onlyKeys(statement, ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'], 'statement', problems);
  if (statement.id !== undefined && !uuid.test(String(statement.id))) problems.push('id: must be a UUID');
  if (statement.actor === undefined) problems.push('actor: required');
  else agent(statement.actor, 'actor', problems);
  if (!isObject(statement.verb)) problems.push('verb: required object');
  else {
    onlyKeys(statement.verb, ['id', 'display'], 'verb', problems);
    if (!isIri(statement.verb.id)) problems.push('verb.id: must be an IRI');
    if (statement.verb.display !== undefined) languageMap(statement.verb.display, 'verb.display', problems);
  }
  if (statement.object === undefined) problems.push('object: required');
  else activity(statement.object, 'object', problems);
  if (statement.result !== undefined) result(statement.result, problems);
  if (statement.context !== undefined) context(statement.context, problems);
  if (statement.timestamp !== undefined && (!isoTimestamp.test(String(statement.timestamp)) || Number.isNaN(Date.parse(String(statement.timestamp))))) {
    problems.push('timestamp: must be ISO 8601 with a time zone');
  }
  if (statement.version !== undefined && !/^1\.0(\.\d+)?$/.test(String(statement.version))) problems.push('version: must be 1.0.x');
  if (statement.stored !== undefined || statement.authority !== undefined) problems.push('stored/authority: set by the LRS, not the client');
  return problems;
}

export interface TestLrs {
  endpoint: string;
  username: string;
  password: string;
  /** Statements stored, by id. */
  statements: Map<string, Json>;
  /** Status codes to answer to the next requests before handling them (a 503 while the LRS is down). */
  failures: number[];
  requests: number;
  /** Problems of refused requests, newest last. */
  refused: string[][];
  close(): Promise<void>;
}

export async function startTestLrs(): Promise<TestLrs> {
  const lrs = { statements: new Map<string, Json>(), failures: [] as number[], requests: 0, refused: [] as string[][] };
  const username = 'hoctap';
  const password = 'lrs-secret';
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      lrs.requests += 1;
      const send = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' }).end(JSON.stringify(body));
      const failure = lrs.failures.shift();
      if (failure) return send(failure, { error: 'unavailable' });
      if (request.headers.authorization !== `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`) return send(401, { error: 'unauthorized' });
      if (!/^1\.0\.\d+$/.test(String(request.headers['x-experience-api-version'] ?? ''))) return send(400, { error: 'X-Experience-API-Version missing' });
      if (request.method !== 'POST' || request.url !== '/xapi/statements') return send(404, { error: 'not found' });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { error: 'not JSON' });
      }
      const batch = [body].flat();
      const problems = batch.flatMap((s, i) => statementProblems(s).map((p) => `[${i}] ${p}`));
      const ids = batch.map((s) => (s as Json).id as string | undefined);
      if (new Set(ids.filter(Boolean)).size !== ids.filter(Boolean).length) problems.push('two statements in one batch share an id');
      if (problems.length > 0) {
        lrs.refused.push(problems);
        return send(400, { errors: problems });
      }
      for (const s of batch as Json[]) {
        const known = s.id ? lrs.statements.get(s.id as string) : undefined;
        if (known && !isDeepStrictEqual(known, s)) return send(409, { error: `statement ${s.id} exists with other content` });
      }
      for (const s of batch as Json[]) lrs.statements.set(s.id as string, s);
      send(200, ids);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi/`,
    username,
    password,
    ...lrs,
    get requests() {
      return lrs.requests;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  } as TestLrs;
}
