import type { Generated } from 'kysely';
import type { UnitId } from '../../shared/ids.js';
import type { UnitKind } from '../../shared/units.js';

// The kinds live in src/shared (http/schemas.ts and the PWA use them); re-exported for the unit's own modules.
export type { UnitKind } from '../../shared/units.js';

export interface UnitsTable {
  id: Generated<UnitId>;
  /** Official statistics code for administrative units; OLD.* for pre-2025 units; ORG.* for organisations. */
  code: string;
  kind: UnitKind;
  name: string;
  full_name: string;
  name_search: string;
  full_name_search: string;
  parent_id: UnitId | null;
  /** Ids from the root down, "/1/57/": a subtree is every path with this prefix. */
  path: string;
  depth: number;
  sort_order: number;
  /** Last day the unit existed (ISO date) for units dissolved by a reform; null while it exists. */
  valid_until: string | null;
  created_at: number;
  /** Who signs certificates for courses of this unit; null inherits from the unit above. */
  certificate_issuer: string | null;
  certificate_signatory_name: string | null;
  certificate_signatory_title: string | null;
}

/** Which current units a dissolved unit's people and figures went to (the 2025 reform split three communes). */
export interface UnitSuccessionsTable {
  old_unit_id: UnitId;
  new_unit_id: UnitId;
}
