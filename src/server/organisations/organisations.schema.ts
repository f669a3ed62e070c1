import Type, { type Static } from 'typebox';
import { limits } from '../../shared/limits.js';
import { creatableKinds } from '../../shared/units.js';
import { IsoDay, IsoTime, Nullable, UnitKindSchema } from '../http/schemas.js';

export type CreatableKind = (typeof creatableKinds)[number];

/** Longest unit name: "Trường Trung học phổ thông chuyên Thoại Ngọc Hầu" is 48 characters. */
export const unitNameMaxLength = 150;

const exampleSchool = { code: 'ORG.SGDDT.1', name: 'Trường THPT Long Xuyên', kind: 'school', parentCode: 'ORG.SGDDT', retiredOn: null, depth: 2 } as const;

export const OrgUnit = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    kind: UnitKindSchema,
    parentCode: Nullable(Type.String()),
    retiredOn: Nullable(IsoDay, { description: 'The last day the unit existed; null while it exists. A retired unit keeps its figures.' }),
    depth: Type.Integer({ description: '0 for the province' }),
  },
  { examples: [exampleSchool] },
);
export type OrgUnit = Static<typeof OrgUnit>;

export const OrgRoots = Type.Object(
  { roots: Type.Array(OrgUnit, { description: 'The units the viewer is an admin of (the topmost of each subtree)' }) },
  { examples: [{ roots: [{ code: '91', name: 'An Giang', kind: 'province', parentCode: null, retiredOn: null, depth: 0 }] }] },
);

export const OrgTreeQuery = Type.Object(
  { historical: Type.Optional(Type.Boolean({ description: 'Also list retired units' })) },
  { additionalProperties: false },
);

export const OrgTree = Type.Object(
  {
    root: OrgUnit,
    units: Type.Array(OrgUnit, { description: 'The organisational units and hamlets below the root, parents before children' }),
  },
  {
    examples: [
      {
        root: { code: '91', name: 'An Giang', kind: 'province', parentCode: null, retiredOn: null, depth: 0 },
        units: [{ code: 'ORG.SGDDT', name: 'Sở Giáo dục và Đào tạo', kind: 'department', parentCode: '91', retiredOn: null, depth: 1 }, exampleSchool],
      },
    ],
  },
);

export const OrgCodeParams = Type.Object({ code: Type.String({ maxLength: limits.unitCodeMaxLength }) });

export const NewOrgUnit = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: unitNameMaxLength }),
    kind: Type.Enum(creatableKinds, { description: 'A hamlet only under a commune, ward or special zone' }),
    code: Type.Optional(
      Type.String({ maxLength: limits.unitCodeMaxLength, description: 'Optional, unique; letters, digits, dot, dash. Without it the platform makes one (ORG.<n>, or <parent code>.<n>)' }),
    ),
  },
  { additionalProperties: false, examples: [{ name: 'Sở Giáo dục và Đào tạo', kind: 'department', code: 'ORG.SGDDT' }, { name: 'Trường THPT Long Xuyên', kind: 'school' }] },
);

export const OrgUnitPatch = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: unitNameMaxLength }) },
  { additionalProperties: false, examples: [{ name: 'Sở Giáo dục và Đào tạo An Giang' }] },
);

export const OrgUnitMove = Type.Object(
  { parentCode: Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength, description: 'The new parent: the province, a commune, ward or special zone, or an organisational unit, within the admin’s reach' }) },
  { additionalProperties: false, examples: [{ parentCode: 'ORG.SGDDT' }] },
);

const snapshot = { code: 'ORG.SGDDT.1', name: 'Trường THPT Long Xuyên', kind: 'school', parentCode: 'ORG.SGDDT', retiredOn: null };
const Snapshot = Type.Object({ code: Type.String(), name: Type.String(), kind: UnitKindSchema, parentCode: Nullable(Type.String()), retiredOn: Nullable(IsoDay) });

export const OrgHistory = Type.Object(
  {
    changes: Type.Array(
      Type.Object({
        action: Type.Union([Type.Literal('create'), Type.Literal('rename'), Type.Literal('move'), Type.Literal('retire')]),
        at: IsoTime,
        actor: Nullable(Type.Object({ id: Type.Integer(), fullName: Type.String() }), { description: 'Null: the operator, with `hoctap unit` on the server' }),
        before: Nullable(Snapshot),
        after: Nullable(Snapshot),
      }),
    ),
  },
  {
    examples: [
      {
        changes: [
          { action: 'move', at: '2026-12-06T03:00:00.000Z', actor: { id: 4, fullName: 'Phạm Minh Tuấn' }, before: { ...snapshot, parentCode: '91' }, after: snapshot },
          { action: 'create', at: '2026-12-05T03:00:00.000Z', actor: null, before: null, after: { ...snapshot, parentCode: '91' } },
        ],
      },
    ],
  },
);

export const OrgImportQuery = Type.Object(
  { mode: Type.Union([Type.Literal('check'), Type.Literal('all'), Type.Literal('valid')], { default: 'check', description: 'check: the report only (dry run); all: write only if every row is valid; valid: write the valid rows' }) },
  { additionalProperties: false },
);

export const OrgImportReport = Type.Object(
  {
    rows: Type.Integer(),
    validRows: Type.Integer(),
    problems: Type.Array(Type.Object({ row: Type.Integer({ description: '1-based, as the spreadsheet shows; 0 is the file' }), column: Nullable(Type.String()), message: Type.String() })),
    written: Type.Boolean(),
    created: Type.Integer({ description: 'Units made' }),
  },
  {
    examples: [
      { rows: 3, validRows: 2, problems: [{ row: 4, column: 'Loại', message: 'Loại đơn vị «trường» không có trong danh sách.' }], written: false, created: 0 },
    ],
  },
);
export type OrgImportReport = Static<typeof OrgImportReport>;
