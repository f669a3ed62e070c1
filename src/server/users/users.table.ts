import type { Generated } from 'kysely';
import type { TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { Language } from '../../shared/limits.js';
import type { PhoneNumber } from '../../shared/phone.js';

export interface UsersTable {
  id: Generated<UserId>;
  phone: PhoneNumber;
  password_hash: string;
  full_name: string;
  full_name_search: string;
  birth_year: number;
  home_unit_id: UnitId;
  language: Language;
  large_text: number;
  created_at: number;
  updated_at: number;
  password_changed_at: number;
  disabled_at: number | null;
  /** Day (Vietnam time) of the latest progress; see rollups.ts. */
  last_active_day: Generated<number | null>;
  /** The team whose helper made this account by assisted sign-up; null when the person signed up themselves. */
  assisted_team_id: Generated<TeamId | null>;
  /** 1 for an account a manager made from a members list: "on the list, not yet signed in" until claimed_at. */
  from_list: Generated<number>;
  /** When the owner of an account made from a members list first signed in; null until then (and for other accounts). */
  claimed_at: Generated<number | null>;
}
