/** What access checks work on: a viewer's grants and the unit a route acts on. */
import type { ApiTokenId, GrantId, UnitId, UserId } from '../../shared/ids.js';
import type { ApiTokenScope, Role } from '../../shared/limits.js';
import type { UnitKind } from '../../shared/units.js';

export interface ViewerGrant {
  id: GrantId;
  role: Role;
  unitId: UnitId;
  unitCode: string;
  unitPath: string;
}

/** A unit as the policy hands it to handlers; the units service's rows have this shape (units.queries UnitRow). */
export interface AuthorizedUnit {
  id: UnitId;
  code: string;
  kind: UnitKind;
  name: string;
  full_name: string;
  path: string;
  parent_id: UnitId | null;
  valid_until: string | null;
}

/** An API token whose secret matched a live (unrevoked, unexpired) row: what it may do and where. */
export interface ApiTokenIdentity {
  id: ApiTokenId;
  name: string;
  scopes: readonly ApiTokenScope[];
  unitId: UnitId;
  unitCode: string;
  unitPath: string;
  /** The admin who made it: the token acts in their name, as a viewer limited to the token's unit and scopes. */
  createdBy: UserId;
}

export type ApiTokenLookup = { token: ApiTokenIdentity } | { refused: 'unknown' | 'revoked' | 'expired'; tokenId?: ApiTokenId; unitId?: UnitId };

/** One use of a token, or one refusal, for the tokens feature to count and audit as it decides. */
export interface ApiTokenEvent {
  outcome: 'used' | 'refused';
  /** The error code of a refusal (api_token_invalid, api_token_scope_missing, forbidden, too_many_requests, …). */
  reason?: string;
  token?: ApiTokenIdentity;
  tokenId?: ApiTokenId;
  unitId?: UnitId;
  /** A state-changing request: always audited. */
  write: boolean;
  method: string;
  route: string;
  ip: string;
  now: number;
}

/**
 * What the request hook and the policy look up. http/ sits below the core, so it
 * cannot import grants or units: app.ts passes these in, implemented by their services.
 */
export interface AccessLookups {
  grantsOfUser(userId: UserId): Promise<readonly ViewerGrant[]>;
  unitByCode(code: string): Promise<AuthorizedUnit | undefined>;
  /** API tokens (the tokens feature): the look-up of a presented secret, and the record of each use or refusal. */
  apiTokens: {
    find(secret: string, now: number): Promise<ApiTokenLookup>;
    record(event: ApiTokenEvent): Promise<void>;
  };
}
