import Type from 'typebox';
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
});

export const MembersPage = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Offset });
