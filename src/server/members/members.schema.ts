import Type, { type Static } from 'typebox';
import { IsoTime, Offset } from '../http/schemas.js';

/** The groups a members list sorts people into; rollups and campaigns count by them. */
export const memberGroups = ['official', 'youth_union', 'student', 'helper', 'worker', 'citizen'] as const;
export type MemberGroup = (typeof memberGroups)[number];

export const MemberList = Type.Object({
  total: Type.Integer(),
  members: Type.Array(
    Type.Object({
      fullName: Type.String({ description: "The account's name; for someone living outside the viewer's reach, the name the manager entered" }),
      phone: Type.String(),
      unit: Type.Object({ code: Type.String(), fullName: Type.String() }),
      group: Type.Enum(memberGroups),
      claimed: Type.Boolean({ description: "Whether the owner has claimed an account made from a members list; always false for someone living outside the viewer's reach" }),
      addedAt: IsoTime,
    }),
  ),
}, {
  examples: [
    {
      total: 2,
      members: [
        { fullName: 'Võ Thị Kim Ngân', phone: '+84912345678', unit: { code: '30292', fullName: 'Phường Bình Đức' }, group: 'official', claimed: true, addedAt: '2026-11-20T02:00:00.000Z' },
        { fullName: 'Đặng Văn Lộc', phone: '+84987654321', unit: { code: '30292', fullName: 'Phường Bình Đức' }, group: 'youth_union', claimed: false, addedAt: '2026-11-20T02:00:00.000Z' },
      ],
    },
  ],
});

export const MembersPage = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Offset });

export const NewMember = Type.Object(
  {
    fullName: Type.String({ maxLength: 200 }),
    phone: Type.String({ maxLength: 30 }),
    birthYear: Type.String({ maxLength: 4 }),
    unitCode: Type.String({ maxLength: 40 }),
    group: Type.Union(memberGroups.map((g) => Type.Literal(g))),
    homeCode: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false, examples: [{ fullName: 'Võ Thị Kim Ngân', phone: '0912 345 678', birthYear: '1990', unitCode: '30292', group: 'official', homeCode: '30313' }] },
);

export const MemberAdded = Type.Object(
  { created: Type.Integer(), linked: Type.Integer(), alreadyMembers: Type.Integer() },
  { examples: [{ created: 0, linked: 1, alreadyMembers: 0 }] },
);

export const ImportQuery = Type.Object({ mode: Type.Union([Type.Literal('check'), Type.Literal('all'), Type.Literal('valid')], { default: 'check' }) });

export const ImportReport = Type.Object({
  rows: Type.Integer(),
  validRows: Type.Integer(),
  problems: Type.Array(Type.Object({ row: Type.Integer({ description: '1-based, as the spreadsheet shows; 0 is the file' }), column: Type.Union([Type.String(), Type.Null()]), message: Type.String() })),
  written: Type.Boolean(),
  created: Type.Integer({ description: 'Accounts made (to be claimed by phone)' }),
  linked: Type.Integer({ description: 'People who already had an account' }),
  alreadyMembers: Type.Integer(),
}, {
  examples: [
    {
      rows: 120,
      validRows: 118,
      problems: [
        { row: 14, column: 'Số điện thoại', message: 'Số điện thoại không hợp lệ.' },
        { row: 87, column: 'Năm sinh', message: 'Năm sinh phải từ 1900 đến năm nay.' },
      ],
      written: false,
      created: 0,
      linked: 0,
      alreadyMembers: 0,
    },
  ],
});
export type ImportReport = Static<typeof ImportReport>;
