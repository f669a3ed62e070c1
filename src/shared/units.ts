/** Kinds of unit, shared by the server (tables, schemas) and the PWA's forms. */
export const administrativeKinds = ['province', 'commune', 'ward', 'special_zone'] as const;
export const residentialKinds = ['commune', 'ward', 'special_zone'] as const;
export const historicalKinds = ['old_district', 'old_commune'] as const;
/** Organisations and their sub-units: admins create them (screen, API, `hoctap unit`); the list is fixed. */
export const organisationalKinds = ['department', 'union', 'union_branch', 'school', 'enterprise', 'cooperative', 'other'] as const;
/** Hamlets (ấp, khóm) under a commune, ward or special zone: created by its managers; a person's home may be one. */
export const localKinds = ['hamlet'] as const;
export const homeKinds = [...residentialKinds, ...localKinds] as const;
/** What an admin may create: an organisational unit, or a hamlet under a commune, ward or special zone. */
export const creatableKinds = [...organisationalKinds, ...localKinds] as const;
export const unitKinds = [...administrativeKinds, ...historicalKinds, ...organisationalKinds, ...localKinds] as const;
export type UnitKind = (typeof unitKinds)[number];
