/** Schema pieces used by several features' routes. */
import Type from 'typebox';
import { languages, roles } from '../../shared/limits.js';
import { unitKinds } from '../../shared/units.js';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable snake_case code, e.g. invalid_phone' }),
      message: Type.String({ description: "In the request's language (Accept-Language; Vietnamese by default)" }),
      fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Message per invalid field' })),
      problems: Type.Optional(
        Type.Array(Type.Object({ place: Type.String(), message: Type.String() }), { description: 'Every problem of a refused document (a course, a package), with where it is' }),
      ),
      current: Type.Optional(Type.Unknown({ description: 'On a 409 conflict: the version the server holds now' })),
      report: Type.Optional(Type.Unknown({ description: 'On a refused members file: the row-by-row report' })),
      retryAt: Type.Optional(Type.String({ description: 'On a quiz cool-down: when the next attempt may start' })),
    }),
  },
  { description: 'Error' },
);

/** 4xx answers every route may give; the body shape is the same for all. */
export const errorResponses = { '4xx': ErrorResponse };

export const UnitKindSchema = Type.Enum(unitKinds);
export const RoleSchema = Type.Enum(roles);
export const LanguageSchema = Type.Enum(languages);

export const UnitRef = Type.Object({
  code: Type.String(),
  name: Type.String(),
  fullName: Type.String(),
  kind: UnitKindSchema,
});

/** Units of An Giang as examples in the API reference (the real codes of the 2025 units). */
export const exampleUnits = {
  province: { code: '91', name: 'An Giang', fullName: 'Tỉnh An Giang', kind: 'province' },
  binhDuc: { code: '30292', name: 'Bình Đức', fullName: 'Phường Bình Đức', kind: 'ward' },
  myHoaHung: { code: '30313', name: 'Mỹ Hòa Hưng', fullName: 'Xã Mỹ Hòa Hưng', kind: 'commune' },
} as const;

export const NoContent = Type.Null({ description: 'No content', examples: [null] });

/**
 * A file answer (PDF, Excel, PNG, zip), declared by its content type so that the API description shows it.
 * Fastify sends the handler's Buffer or stream as it is; only a JSON content type would be serialized.
 */
export const FileResponse = (contentType: string, description = 'The file') => ({
  description,
  content: { [contentType]: { schema: { type: 'string', format: 'binary' } } },
});
export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const IsoTime = Type.String({ format: 'date-time' });
/** A calendar day that exists, YYYY-MM-DD (Vietnam time; see shared/days.ts): 2026-02-30 is refused like 2026-13-01. */
export const IsoDay = Type.String({ format: 'date', description: 'YYYY-MM-DD, Vietnam time' });

/**
 * Whole numbers as far as the database can hold them, so that no number reaches
 * a query that PostgreSQL would refuse with an error: ids are bigint columns but
 * must stay exact in JavaScript; revisions, version numbers and positions are
 * 32-bit integer columns.
 */
export const maxInt32 = 2_147_483_647;
/** An id; `Id<CourseId>()` makes the validated value a CourseId, so routes need no casts. */
export const Id = <T extends number = number>(options: Type.TNumberOptions = {}) =>
  Type.Unsafe<T>(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...options }));
export const Int32 = (options: Type.TNumberOptions = {}) => Type.Integer({ minimum: 0, maximum: maxInt32, ...options });
/** Where a page of a list starts. */
export const Offset = Int32({ default: 0 });
export const Nullable = <T extends Type.TSchema>(schema: T, options: Type.TSchemaOptions = {}) => Type.Union([schema, Type.Null()], options);
