import Type, { type Static } from 'typebox';
import { limits } from '../../shared/limits.js';
import { exampleUnits, LanguageSchema, RoleSchema, UnitRef } from '../http/schemas.js';

export const Me = Type.Object({
  id: Type.Integer(),
  phone: Type.String({ description: 'E.164, e.g. +84912345678' }),
  fullName: Type.String(),
  birthYear: Type.Integer(),
  unit: UnitRef,
  language: LanguageSchema,
  largeText: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  grants: Type.Array(Type.Object({ id: Type.Integer(), role: RoleSchema, unit: UnitRef })),
}, {
  examples: [
    {
      id: 1024,
      phone: '+84912345678',
      fullName: 'Nguyễn Thị Mai',
      birthYear: 1968,
      unit: exampleUnits.binhDuc,
      language: 'vi',
      largeText: true,
      createdAt: '2026-11-24T02:15:00.000Z',
      grants: [{ id: 17, role: 'manager', unit: exampleUnits.binhDuc }],
    },
  ],
});
export type MeResponse = Static<typeof Me>;

export const ProfilePatchBody = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 1, maxLength: limits.fullNameMaxLength })),
    birthYear: Type.Optional(Type.Integer()),
    unitCode: Type.Optional(Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength })),
    language: Type.Optional(LanguageSchema),
    largeText: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, examples: [{ fullName: 'Nguyễn Thị Mai', unitCode: '30313', largeText: true }] },
);
export type ProfilePatch = Static<typeof ProfilePatchBody>;

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: limits.passwordMaxLength, description: 'Required, except for a person who has no password yet (signed in with a sign-in card or an identity provider)' })),
    newPassword: Type.String({ minLength: 1, maxLength: limits.passwordMaxLength }),
  },
  { additionalProperties: false, examples: [{ currentPassword: 'lua-thom-mua-moi', newPassword: 'cay-lua-vang-dong' }] },
);
