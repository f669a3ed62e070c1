import Type, { type Static } from 'typebox';
import type { ApiTokenId } from '../../shared/ids.js';
import { apiTokenScopes } from '../../shared/limits.js';
import { Id, IsoTime, Nullable } from '../http/schemas.js';

/** At most a year: a forgotten token dies on its own. */
export const maxApiTokenDays = 366;

const Scope = Type.Enum(apiTokenScopes);

const exampleView = {
  id: 7,
  name: 'SmartAnGiang – báo cáo',
  unit: { code: '30307', fullName: 'Phường Long Xuyên' },
  scopes: ['dashboards:read', 'reports:read'],
  hint: 'hts_…Q2xk',
  status: 'active',
  createdAt: '2026-12-02T03:00:00.000Z',
  expiresAt: '2027-03-02T03:00:00.000Z',
  revokedAt: null,
  lastUsedAt: '2026-12-02T04:15:00.000Z',
  useCount: 1520,
};

const TokenFields = {
  id: Type.Integer(),
  name: Type.String(),
  unit: Type.Object({ code: Type.String(), fullName: Type.String() }),
  scopes: Type.Array(Scope),
  hint: Type.String({ description: 'The prefix and the last 4 characters of the secret, to tell tokens apart; never the secret' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('expired')]),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  revokedAt: Nullable(IsoTime),
  lastUsedAt: Nullable(IsoTime),
  useCount: Type.Integer({ description: 'Uses counted so far; written at most once a minute, so it may lag a little' }),
};

export const ApiTokenView = Type.Object(TokenFields, { examples: [exampleView] });
export type ApiTokenView = Static<typeof ApiTokenView>;

export const ApiTokenList = Type.Object({ tokens: Type.Array(ApiTokenView) }, { examples: [{ tokens: [exampleView] }] });

export const NewApiToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the token is for, e.g. the calling system' }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: apiTokenScopes.length, uniqueItems: true }),
    expiresInDays: Type.Integer({ minimum: 1, maximum: maxApiTokenDays, description: 'Required: every token expires, at most a year after it is made' }),
  },
  { additionalProperties: false, examples: [{ name: 'SmartAnGiang – báo cáo', scopes: ['dashboards:read', 'reports:read'], expiresInDays: 90 }] },
);

export const ApiTokenCreated = Type.Object(
  {
    token: Type.Object(TokenFields),
    secret: Type.String({ description: 'Shown this once and never again: the server keeps only its SHA-256. Send it as `Authorization: Bearer <secret>`' }),
  },
  { examples: [{ token: exampleView, secret: 'hts_3q2-7wLr0bQ1fR3v9sZK8mXyT4uVnA6cDeHjKpLmN0o' }] },
);

export const ApiTokenIdParams = Type.Object({ id: Id<ApiTokenId>() });

export const OwnApiToken = Type.Object(
  {
    name: Type.String(),
    unit: Type.Object({ code: Type.String(), fullName: Type.String() }),
    scopes: Type.Array(Scope),
    expiresAt: IsoTime,
  },
  { examples: [{ name: exampleView.name, unit: exampleView.unit, scopes: exampleView.scopes, expiresAt: exampleView.expiresAt }] },
);
