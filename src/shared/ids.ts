/** Branded ids: a UserId cannot be passed where a UnitId is expected. */
export type UserId = number & { readonly __brand: 'UserId' };
export type UnitId = number & { readonly __brand: 'UnitId' };
export type GrantId = number & { readonly __brand: 'GrantId' };
