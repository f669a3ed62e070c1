import Type from 'typebox';
import type { GrantId } from '../../shared/ids.js';
import { Id, RoleSchema, UnitRef } from '../http/schemas.js';
import { limits } from '../../shared/limits.js';

export const GrantView = Type.Object({
  id: Type.Integer(),
  role: RoleSchema,
  unit: UnitRef,
  person: Type.Object({ id: Type.Integer(), fullName: Type.String() }),
});

export const GrantList = Type.Object({ grants: Type.Array(GrantView) });

export const GrantBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: limits.phoneInputMaxLength, description: 'Phone of the registered person receiving the role' }),
    role: RoleSchema,
  },
  { additionalProperties: false },
);

export const GrantIdParams = Type.Object({ id: Id<GrantId>() });
