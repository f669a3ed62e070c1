import Type from 'typebox';
import type { UserId } from '../../shared/ids.js';
import { limits } from '../../shared/limits.js';
import { exampleUnits, Id, IsoTime, Offset, RoleSchema, UnitRef } from '../http/schemas.js';

export const PeopleSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: limits.searchQueryMaxLength, description: 'A phone number in any usual form, or part of a name (diacritics optional)' })),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength, description: "A unit code: people living in its subtree or holding a role there" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

const examplePerson = { id: 1024, fullName: 'Nguyễn Thị Mai', phone: '0912 345 678', birthYear: 1985, unit: exampleUnits.binhDuc, locked: false };

export const FoundPerson = Type.Object({
  id: Type.Integer(),
  fullName: Type.String(),
  phone: Type.String({ description: 'Whole for admins over the person, masked (0912 *** 678) for managers' }),
  birthYear: Type.Integer(),
  unit: UnitRef,
  locked: Type.Boolean(),
});

export const PeopleFound = Type.Object({ total: Type.Integer(), people: Type.Array(FoundPerson) }, { examples: [{ total: 1, people: [examplePerson] }] });

export const PersonGrant = Type.Object({
  id: Type.Integer(),
  role: RoleSchema,
  unit: UnitRef,
  canRevoke: Type.Boolean({ description: 'The viewer is an admin over this grant and over the person' }),
});

export const PersonDetail = Type.Object(
  {
    ...FoundPerson.properties,
    registeredAt: IsoTime,
    canManage: Type.Boolean({ description: 'The viewer may lock, unlock, reset and grant (an admin over the person and all their grants)' }),
    grants: Type.Array(PersonGrant),
  },
  { examples: [{ ...examplePerson, registeredAt: '2026-11-24T02:00:00.000Z', canManage: true, grants: [{ id: 17, role: 'manager', unit: exampleUnits.binhDuc, canRevoke: true }] }] },
);

export const PersonIdParams = Type.Object({ id: Id<UserId>() });

export const GrantUnitsQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: limits.searchQueryMaxLength })) },
  { additionalProperties: false },
);

export const GrantUnits = Type.Object({ units: Type.Array(UnitRef) }, { examples: [{ units: [exampleUnits.binhDuc] }] });
