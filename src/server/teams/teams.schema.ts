import Type, { type Static } from 'typebox';
import type { TeamId, UserId } from '../../shared/ids.js';
import { limits } from '../../shared/limits.js';
import { Id, IsoTime, Nullable, UnitRef } from '../http/schemas.js';
import { nameMaxLength } from '../units/hamlets.schema.js';

const HamletRef = Type.Object({ code: Type.String(), name: Type.String() });
const Person = Type.Object({ id: Type.Integer(), fullName: Type.String() });

const unit = { code: '30307', name: 'Long Xuyên', fullName: 'Phường Long Xuyên', kind: 'ward' };
const hamlets = [
  { code: '30307.H1', name: 'Khóm Đông Thịnh' },
  { code: '30307.H2', name: 'Khóm Đông An' },
];
const leader = { id: 2, fullName: 'Trần Văn Hùng' };
const exampleSummary = { id: 1, name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', unit, leader, memberCount: 2, hamlets, createdAt: '2026-12-02T02:00:00.000Z', retiredAt: null };

const SummaryFields = {
  id: Id<TeamId>(),
  name: Type.String(),
  unit: UnitRef,
  leader: Nullable(Person),
  memberCount: Type.Integer(),
  hamlets: Type.Array(HamletRef, { description: 'The hamlets it covers; none: the whole unit' }),
  createdAt: IsoTime,
  retiredAt: Nullable(IsoTime),
};

export const TeamSummary = Type.Object(SummaryFields, { examples: [exampleSummary] });

export const TeamList = Type.Object({ teams: Type.Array(TeamSummary) }, { examples: [{ teams: [exampleSummary] }] });

const exampleDetail = {
  ...exampleSummary,
  members: [
    { id: 2, fullName: 'Trần Văn Hùng', phone: '0900 *** 002', leader: true, addedAt: '2026-12-02T02:00:00.000Z' },
    { id: 31, fullName: 'Lê Thị Hồng', phone: '0912 *** 678', leader: false, addedAt: '2026-12-02T02:05:00.000Z' },
  ],
};

export const TeamDetail = Type.Object(
  {
    ...SummaryFields,
    members: Type.Array(
      Type.Object({
        id: Id<UserId>(),
        fullName: Type.String(),
        phone: Type.String({ description: 'Masked: 0912 *** 678' }),
        leader: Type.Boolean(),
        addedAt: IsoTime,
      }),
    ),
  },
  { examples: [exampleDetail] },
);
export type TeamDetail = Static<typeof TeamDetail>;

export const NewTeam = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: nameMaxLength }),
    leaderPhone: Type.Optional(Type.String({ maxLength: limits.phoneInputMaxLength, description: 'A registered person: becomes a member (with the helper role on the unit) and the leader' })),
  },
  { additionalProperties: false, examples: [{ name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', leaderPhone: '0900 000 002' }] },
);

export const TeamPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: nameMaxLength })),
    leaderUserId: Type.Optional(Nullable(Id<UserId>(), { description: 'A member of the team, or null for none' })),
  },
  { additionalProperties: false, examples: [{ leaderUserId: 31 }, { name: 'Tổ công nghệ số khóm Đông Thịnh' }] },
);

export const NewMember = Type.Object(
  { phone: Type.String({ minLength: 1, maxLength: limits.phoneInputMaxLength, description: 'Phone of a registered person' }) },
  { additionalProperties: false, examples: [{ phone: '0912 345 678' }] },
);

export const TeamHamlets = Type.Object(
  { hamletCodes: Type.Array(Type.String({ maxLength: limits.unitCodeMaxLength }), { maxItems: 200, uniqueItems: true, description: 'Current hamlets under the team’s unit; empty: the whole unit' }) },
  { additionalProperties: false, examples: [{ hamletCodes: ['30307.H1', '30307.H2'] }] },
);

export const TeamIdParams = Type.Object({ id: Id<TeamId>() });
export const TeamMemberParams = Type.Object({ id: Id<TeamId>(), userId: Id<UserId>() });

const exampleMine = {
  id: 1,
  name: exampleSummary.name,
  unit,
  leader,
  hamlets,
  members: [
    { id: 2, fullName: 'Trần Văn Hùng', leader: true },
    { id: 31, fullName: 'Lê Thị Hồng', leader: false },
  ],
};

export const MyTeams = Type.Object(
  {
    teams: Type.Array(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        unit: UnitRef,
        leader: Nullable(Person),
        hamlets: Type.Array(HamletRef),
        members: Type.Array(Type.Object({ id: Type.Integer(), fullName: Type.String(), leader: Type.Boolean() }), { description: 'Names only: the team’s own members' }),
      }),
    ),
  },
  { examples: [{ teams: [exampleMine] }] },
);
export type MyTeams = Static<typeof MyTeams>;
