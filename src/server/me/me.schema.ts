import Type, { type Static } from 'typebox';
import { limits } from '../../shared/limits.js';
import { LanguageSchema, RoleSchema, UnitRef } from '../http/schemas.js';

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
  { additionalProperties: false },
);
export type ProfilePatch = Static<typeof ProfilePatchBody>;

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: limits.passwordMaxLength }),
    newPassword: Type.String({ minLength: 1, maxLength: limits.passwordMaxLength }),
  },
  { additionalProperties: false },
);

export const AccountDeletionBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: limits.passwordMaxLength }) },
  { additionalProperties: false },
);
