import Type, { type Static } from 'typebox';
import { Id, IsoDay, Nullable } from '../http/schemas.js';
import { memberGroups } from '../members/members.schema.js';
import { campaignStatuses } from './campaigns.table.js';

export const UnitParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
export const IdParams = Type.Object({ id: Id() });
export const Campaign = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  unit: Type.Object({ code: Type.String(), fullName: Type.String() }),
  startsOn: IsoDay,
  endsOn: IsoDay,
  status: Type.String({ description: 'draft, live or ended' }),
  courseIds: Type.Array(Type.Integer()),
  targetPercent: Type.Integer(),
  groups: Type.Array(Type.String(), { description: 'Member groups the campaign is about; empty: residents of communes and wards' }),
});
export const Ranking = Type.Object({
  campaign: Campaign,
  asOf: IsoDay,
  comparedWith: IsoDay,
  units: Type.Array(
    Type.Object({
      rank: Type.Integer({ description: 'Within its comparable group; equal scores share a rank (1, 1, 3)' }),
      comparableGroup: Type.String({ description: 'commune (communes, wards, special zones), department, union, school, enterprise' }),
      unit: Type.Object({ code: Type.String(), name: Type.String(), fullName: Type.String(), kind: Type.String() }),
      people: Type.Integer({ description: 'Who the target counts: registered residents, or the members in the campaign groups' }),
      completed: Type.Integer(),
      targetPercent: Type.Integer(),
      targetSetBy: Nullable(Type.Object({ code: Type.String(), name: Type.String() }, { description: "The unit whose target this is (the unit's own, or the nearest set above it); null: the campaign's" })),
      achievedPercent: Type.Number(),
      ofTarget: Type.Number({ description: 'Share of the target reached, in percent: what the ranking orders by' }),
      trend: Type.Object({ ofTarget: Type.Number({ description: 'Change in points since a week before' }), rank: Type.Integer({ description: 'Places gained (negative: lost)' }) }),
    }),
  ),
});
export type Ranking = Static<typeof Ranking>;

export const CampaignBody = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 200 }),
    description: Type.String({ maxLength: 2000, default: '' }),
    startsOn: IsoDay,
    endsOn: IsoDay,
    courseIds: Type.Array(Id(), { minItems: 1, maxItems: 20 }),
    targetPercent: Type.Integer({ minimum: 1, maximum: 100 }),
    groups: Type.Optional(Type.Array(Type.Union(memberGroups.map((g) => Type.Literal(g))), { maxItems: memberGroups.length })),
  },
  { additionalProperties: false },
);

export const CampaignCreated = Type.Object({ id: Type.Integer() });
export const CampaignList = Type.Object({ campaigns: Type.Array(Campaign) });
export const CampaignStatusBody = Type.Object({ status: Type.Union(campaignStatuses.map((s) => Type.Literal(s))) });
export const TargetParams = Type.Object({ id: Id(), code: Type.String({ maxLength: 40 }) });
export const TargetBody = Type.Object({ percent: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false });
export const TargetSet = Type.Null();
