import Type from 'typebox';
import type { GrantId } from '../../shared/ids.js';
import { exampleUnits, Id, RoleSchema, UnitRef } from '../http/schemas.js';
import { limits } from '../../shared/limits.js';

const exampleGrant = { id: 17, role: 'manager', unit: exampleUnits.binhDuc, person: { id: 1024, fullName: 'Nguyễn Thị Mai' } };

export const GrantView = Type.Object({
  id: Type.Integer(),
  role: RoleSchema,
  unit: UnitRef,
  person: Type.Object({ id: Type.Integer(), fullName: Type.String() }),
}, { examples: [exampleGrant] });

export const GrantList = Type.Object({ grants: Type.Array(GrantView) }, { examples: [{ grants: [exampleGrant] }] });

export const GrantBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: limits.phoneInputMaxLength, description: 'Phone of the registered person receiving the role' }),
    role: RoleSchema,
  },
  { additionalProperties: false, examples: [{ phone: '0912 345 678', role: 'manager' }] },
);

export const GrantIdParams = Type.Object({ id: Id<GrantId>() });
