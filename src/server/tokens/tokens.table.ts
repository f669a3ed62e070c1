import type { Generated } from 'kysely';
import type { ApiTokenId, UnitId, UserId } from '../../shared/ids.js';

/** API tokens for other systems: bound to a unit's subtree and to scopes. The secret itself is never stored. */
export interface ApiTokensTable {
  id: Generated<ApiTokenId>;
  unit_id: UnitId;
  name: string;
  /** Comma-separated scopes from shared/limits.ts apiTokenScopes. */
  scopes: string;
  /** SHA-256 (hex) of the whole secret: the only way a presented secret is found. */
  secret_hash: string;
  /** The secret's last 4 characters, so that an admin can tell tokens apart in the list. */
  hint: string;
  created_by: UserId;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_by: UserId | null;
  /** Written at most once a minute per token (and process), with the uses counted since. */
  last_used_at: number | null;
  use_count: Generated<number>;
}
