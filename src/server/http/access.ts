/** What access checks work on: a viewer's grants and the unit a route acts on. */
import type { GrantId, UnitId, UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
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

/**
 * What the request hook and the policy look up. http/ sits below the core, so it
 * cannot import grants or units: app.ts passes these in, implemented by their services.
 */
export interface AccessLookups {
  grantsOfUser(userId: UserId): Promise<readonly ViewerGrant[]>;
  unitByCode(code: string): Promise<AuthorizedUnit | undefined>;
}
