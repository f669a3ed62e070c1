/**
 * Who may call a route, declared beside it as `config: { policy }` and checked by
 * the request hook (hooks.ts) before the body is even parsed. Roles are granted on a unit and reach
 * its subtree: a manager of a ward may act on that ward and nothing outside it.
 * Registering a route without a policy throws, so an unguarded route cannot ship.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiTokenScope, Role } from '../../shared/limits.js';
import { AppError, forbidden, notFound, unauthenticated } from '../errors.js';
import { grantsReach } from './reach.js';
import type { GrantId } from '../../shared/ids.js';
import type { AccessLookups, ApiTokenIdentity, AuthorizedUnit, ViewerGrant } from './access.js';

type UnitCodeOf = (request: FastifyRequest) => string | undefined | Promise<string | undefined>;

type RolePolicy =
  | { readonly kind: 'roleAnywhere'; readonly roles: readonly Role[]; readonly token?: ApiTokenScope }
  | { readonly kind: 'roleOnUnit'; readonly roles: readonly Role[]; readonly unitCode: UnitCodeOf; readonly token?: ApiTokenScope };

/**
 * `token` on a role policy: an API token holding that scope may call the route too, as a viewer holding the
 * route's roles on the token's unit (so its subtree). Without it, a token is refused; a session cookie is
 * never a token, so `apiToken` routes refuse every cookie.
 */
export type Policy = { readonly kind: 'anyone' } | { readonly kind: 'signedIn' } | { readonly kind: 'apiToken' } | { readonly kind: 'metricsToken' } | RolePolicy;

export const allow = {
  /** Public: no sign-in. */
  anyone: { kind: 'anyone' } as Policy,
  /** Any signed-in person, acting on their own data. */
  signedIn: { kind: 'signedIn' } as Policy,
  /** Holders of one of these roles on any unit; the service narrows results to the units they reach. */
  roleAnywhere: (...roles: Role[]): RolePolicy => ({ kind: 'roleAnywhere', roles }),
  /** Holders of the role (or one of the roles) on the unit named by the request, or on one of its ancestors. */
  roleOnUnit: (role: Role | readonly Role[], unitCode: UnitCodeOf): RolePolicy => ({ kind: 'roleOnUnit', roles: typeof role === 'string' ? [role] : role, unitCode }),
  /** The same role policy, and API tokens holding this scope, within their unit's subtree. */
  orToken: (policy: RolePolicy, scope: ApiTokenScope): Policy => ({ ...policy, token: scope }),
  /** API tokens only (any scope): what a calling system asks about its own token. */
  apiToken: { kind: 'apiToken' } as Policy,
  /**
   * Whoever presents METRICS_TOKEN as `Authorization: Bearer …` (Prometheus); no session or API token counts, none is
   * looked up. 404 while METRICS_TOKEN is unset.
   */
  metricsToken: { kind: 'metricsToken' } as Policy,
};

/** Whether `Authorization: Bearer <secret>` carries exactly this secret, compared in constant time. */
export function presentsSecret(authorization: string | undefined, secret: string): boolean {
  const match = authorization && /^bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  // Digests have one length whatever was sent, so the comparison time says nothing of the secret.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(secret));
}

/** The scope a route accepts from API tokens, if any (the OpenAPI document and the tokens tests read it). */
export function tokenScopeOf(policy: Policy): ApiTokenScope | undefined {
  return policy.kind === 'roleAnywhere' || policy.kind === 'roleOnUnit' ? policy.token : undefined;
}

export const unitCodeFromParams =
  (name = 'code'): UnitCodeOf =>
  (request) =>
    (request.params as Record<string, string | undefined>)[name];

/**
 * An id route parameter, read before schema validation has run (policies run first). Anything but
 * a whole number 1 … 2^53 − 1 is refused as the schema would refuse it, so that every route answers
 * a malformed id alike and none reaches a query.
 */
export function integerParam<T extends number = number>(request: FastifyRequest, name: string): T | undefined {
  const raw = (request.params as Record<string, string | undefined>)[name];
  if (raw === undefined) return undefined;
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new AppError('invalid_input', 400, {}, { [name]: { key: 'field.invalid' } });
  // Branded like the schema's Id<T>(), so that policies need no casts either.
  return id as T;
}

export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly policy: Policy;
  /** The route's schema as declared (params, querystring, body, response by status). */
  readonly schema: Readonly<Record<string, unknown>>;
}

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Refuses to register a route without a policy; the request hook (hooks.ts) enforces them. */
export function requirePolicies(app: FastifyInstance): void {
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy;
    if (!policy) throw new Error(`Route ${String(route.method)} ${route.url} declares no access policy`);
    // The API description says which routes take a token, and with which scope (the scopes are explained once, in app.ts).
    const scope = tokenScopeOf(policy);
    if (scope && route.schema) {
      const note = `API tokens: scope \`${scope}\`, within the token's unit and the units below it.`;
      route.schema = { ...route.schema, description: route.schema.description ? `${route.schema.description} ${note}` : note, security: [{ session: [] }, { apiToken: [scope] }] };
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, policy, schema: (route.schema ?? {}) as Record<string, unknown> });
  });
}

/** Every route of the app with the policy it declared, so that a test can walk them all (authorization-matrix.test.ts). */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declared.get(app) ?? [];
}

export async function authorize(request: FastifyRequest, policy: Policy, lookups: Pick<AccessLookups, 'unitByCode'>): Promise<AuthorizedUnit | null> {
  if (policy.kind === 'anyone') return null;
  // The request hook answers these itself, before any look-up; reaching here would be a mistake, so refuse.
  if (policy.kind === 'metricsToken') throw unauthenticated();
  const viewer = request.viewer;
  if (policy.kind === 'apiToken') {
    if (!viewer?.apiToken) throw new AppError('api_token_required', 401);
    return null;
  }
  if (!viewer) throw unauthenticated();
  if (viewer.apiToken) return authorizeToken(request, policy, viewer.apiToken, lookups);
  if (policy.kind === 'signedIn') return null;
  const grants = await viewer.grants();
  if (policy.kind === 'roleAnywhere') {
    if (!grants.some((g) => policy.roles.includes(g.role))) throw forbidden();
    return null;
  }
  // Without the role anywhere, the answer is 403 before anything is looked up, so that
  // outsiders cannot probe which units or records exist.
  if (!grants.some((g) => policy.roles.includes(g.role))) throw forbidden();
  const code = await policy.unitCode(request);
  const unit = code ? await lookups.unitByCode(code) : undefined;
  if (!unit) throw notFound('unit_not_found');
  if (!policy.roles.some((role) => grantsReach(grants, role, unit.path))) throw forbidden();
  return unit;
}

/** A token reaches what a person holding the route's roles on the token's unit would reach, if it holds the route's scope. */
async function authorizeToken(request: FastifyRequest, policy: Policy, token: ApiTokenIdentity, lookups: Pick<AccessLookups, 'unitByCode'>): Promise<AuthorizedUnit | null> {
  const scope = tokenScopeOf(policy);
  if (!scope) throw new AppError('api_token_not_accepted', 403);
  if (!token.scopes.includes(scope)) throw new AppError('api_token_scope_missing', 403, { scope });
  if (policy.kind !== 'roleOnUnit') return null;
  const code = await policy.unitCode(request);
  const unit = code ? await lookups.unitByCode(code) : undefined;
  if (!unit) throw notFound('unit_not_found');
  if (!unit.path.startsWith(token.unitPath)) throw forbidden();
  return unit;
}

/** What a token's grants() answers on a route it passed: the route's roles, on the token's unit. */
export function tokenGrants(token: ApiTokenIdentity, policy: Policy): ViewerGrant[] {
  if (policy.kind !== 'roleAnywhere' && policy.kind !== 'roleOnUnit') return [];
  // No grant row stands behind these: id 0 never matches a real grant.
  return policy.roles.map((role) => ({ id: 0 as GrantId, role, unitId: token.unitId, unitCode: token.unitCode, unitPath: token.unitPath }));
}
