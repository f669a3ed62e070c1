/** Whether a role granted on units reaches a unit: pure logic on unit paths, used by policies and services alike. */
import type { Role } from '../../shared/limits.js';

export interface ScopedGrant {
  role: Role;
  unitPath: string;
}

/** A grant reaches its unit's whole subtree. */
export function grantsReach(grants: readonly ScopedGrant[], role: Role, unitPath: string): boolean {
  return grants.some((g) => g.role === role && unitPath.startsWith(g.unitPath));
}
