import Type from 'typebox';
import { limits } from '../../shared/limits.js';
import { exampleUnits, Offset, UnitKindSchema, UnitRef } from '../http/schemas.js';

export const UnitSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: limits.searchQueryMaxLength, description: 'Part of the name, with or without diacritics' })),
    kind: Type.Optional(Type.String({ maxLength: 200, description: 'Comma-separated kinds, e.g. commune,ward,special_zone' })),
    historical: Type.Optional(Type.Boolean({ description: 'Include units dissolved by the 2025 reform' })),
    former: Type.Optional(
      Type.Boolean({
        description:
          'Also search the names of districts and communes dissolved by the 2025 reform and answer the current units that took them over, each naming the old unit in `formerly`',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

export const UnitSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  fullName: Type.String(),
  kind: UnitKindSchema,
  parentName: Type.Union([Type.String(), Type.Null()]),
  validUntil: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  formerly: Type.Optional(UnitRef),
});

export const UnitList = Type.Object(
  { units: Type.Array(UnitSummary) },
  {
    examples: [
      {
        units: [
          { ...exampleUnits.myHoaHung, parentName: 'Tỉnh An Giang', validUntil: null },
          { ...exampleUnits.binhDuc, parentName: 'Tỉnh An Giang', validUntil: null },
        ],
      },
      {
        units: [
          { code: '30544', name: 'Tri Tôn', fullName: 'Xã Tri Tôn', kind: 'commune', parentName: 'An Giang', validUntil: null },
          {
            code: '30547',
            name: 'Ba Chúc',
            fullName: 'Xã Ba Chúc',
            kind: 'commune',
            parentName: 'An Giang',
            validUntil: null,
            formerly: { code: 'OLD.891', name: 'Huyện Tri Tôn', fullName: 'Huyện Tri Tôn, Tỉnh An Giang (trước 01/7/2025)', kind: 'old_district' },
          },
        ],
      },
    ],
  },
);

export const UnitDetail = Type.Object({
  code: Type.String(),
  name: Type.String(),
  fullName: Type.String(),
  kind: UnitKindSchema,
  validUntil: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  parent: Type.Union([UnitRef, Type.Null()]),
  successors: Type.Array(UnitRef, { description: 'For a dissolved unit: the current units it went to' }),
}, {
  examples: [
    { ...exampleUnits.binhDuc, validUntil: null, parent: exampleUnits.province, successors: [] },
    { code: '30310', name: 'Mỹ Khánh', fullName: 'Xã Mỹ Khánh', kind: 'old_commune', validUntil: '2025-06-30', parent: { code: '883', name: 'Long Xuyên', fullName: 'Thành phố Long Xuyên', kind: 'old_district' }, successors: [exampleUnits.binhDuc] },
  ],
});

export const UnitCodeParams = Type.Object({ code: Type.String({ maxLength: limits.unitCodeMaxLength }) });

export const PeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: limits.searchQueryMaxLength })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

export const PeopleList = Type.Object({
  total: Type.Integer(),
  people: Type.Array(
    Type.Object({
      id: Type.Integer(),
      fullName: Type.String(),
      phone: Type.String({ description: 'Masked: 0912 *** 678' }),
      birthYear: Type.Integer(),
      unit: Type.Object({ code: Type.String(), name: Type.String() }),
      registeredAt: Type.String({ format: 'date-time' }),
    }),
  ),
}, {
  examples: [
    {
      total: 2,
      people: [
        { id: 1024, fullName: 'Nguyễn Thị Mai', phone: '0912 *** 678', birthYear: 1968, unit: { code: '30292', name: 'Bình Đức' }, registeredAt: '2026-11-24T02:15:00.000Z' },
        { id: 1031, fullName: 'Trần Văn Hùng', phone: '0987 *** 321', birthYear: 1955, unit: { code: '30292', name: 'Bình Đức' }, registeredAt: '2026-11-25T07:40:00.000Z' },
      ],
    },
  ],
});
