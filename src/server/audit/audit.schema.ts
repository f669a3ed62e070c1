import Type from 'typebox';
import { limits } from '../../shared/limits.js';
import { exampleUnits, IsoDay, IsoTime, Nullable, Offset } from '../http/schemas.js';

const filterFields = {
  actor: Type.Optional(Type.String({ maxLength: limits.phoneInputMaxLength, description: 'Who acted: a phone number in any format, or an account id' })),
  subject: Type.Optional(Type.String({ maxLength: limits.phoneInputMaxLength, description: 'Whose data: a phone number in any format, or an account id' })),
  action: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z_]+(\\.[a-z_]+)*$', description: 'An action (`grant.create`) or a family of them (`grant`)' })),
  unit: Type.Optional(Type.String({ maxLength: limits.unitCodeMaxLength, description: "A unit's code: entries of that unit and the units below it" })),
  from: Type.Optional(IsoDay),
  to: Type.Optional(IsoDay),
};

export const AuditFilterQuery = Type.Object(filterFields, { additionalProperties: false });
export type AuditFilterQuery = Type.Static<typeof AuditFilterQuery>;

export const AuditPageQuery = Type.Object(
  { ...filterFields, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Offset) },
  { additionalProperties: false },
);
export type AuditPageQuery = Type.Static<typeof AuditPageQuery>;

const Person = Nullable(Type.Object({ id: Type.Integer(), fullName: Type.String(), phone: Type.String() }));

export const AuditLogEntry = Type.Object({
  id: Type.Integer(),
  at: IsoTime,
  action: Type.String(),
  actor: Person,
  subject: Person,
  unit: Nullable(Type.Object({ code: Type.String(), fullName: Type.String() })),
  details: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  ip: Nullable(Type.String()),
});
export type AuditLogEntry = Type.Static<typeof AuditLogEntry>;

export const AuditLogPage = Type.Object(
  { total: Type.Integer(), entries: Type.Array(AuditLogEntry) },
  {
    examples: [
      {
        total: 1,
        entries: [
          {
            id: 4182,
            at: '2026-12-03T02:15:00.000Z',
            action: 'grant.create',
            actor: { id: 12, fullName: 'Nguyễn Văn An', phone: '0912 345 678' },
            subject: { id: 57, fullName: 'Trần Thị Bích', phone: '0987 654 321' },
            unit: { code: exampleUnits.binhDuc.code, fullName: exampleUnits.binhDuc.fullName },
            details: { role: 'manager' },
            ip: '203.0.113.7',
          },
        ],
      },
    ],
  },
);
export type AuditLogPage = Type.Static<typeof AuditLogPage>;
