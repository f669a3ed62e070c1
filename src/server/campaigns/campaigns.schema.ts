import Type, { type Static } from 'typebox';
import { Id, IsoDay, Nullable } from '../http/schemas.js';
import { memberGroups } from '../members/members.schema.js';
import { campaignStatuses } from './campaigns.table.js';
import { Figure } from '../dashboards/dashboards.schema.js';
import { hiddenFigure } from '../../shared/small-groups.js';

export const UnitParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
export const IdParams = Type.Object({ id: Id() });
const exampleCampaign = {
  id: 3,
  title: 'Tháng chuyển đổi số: 70 % người dân biết dùng dịch vụ công',
  description: 'Mỗi xã, phường vận động người dân hoàn thành khóa “Dịch vụ công trực tuyến cho người dân”.',
  unit: { code: '91', fullName: 'Tỉnh An Giang' },
  startsOn: '2026-11-01',
  endsOn: '2026-12-31',
  status: 'live',
  courseIds: [12],
  targetPercent: 70,
  groups: [],
};

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
}, { examples: [exampleCampaign] });
/** A rate, or "x" where it would be worked out from a suppressed figure. */
const Rate = (options: { description?: string } = {}) => Type.Union([Type.Number(), Type.Literal(hiddenFigure)], { description: `${options.description ?? 'In percent'}; "x" when the unit's figures are suppressed (small groups)` });

export const Ranking = Type.Object({
  campaign: Campaign,
  asOf: IsoDay,
  comparedWith: IsoDay,
  units: Type.Array(
    Type.Object({
      rank: Nullable(Type.Integer({ description: 'Within its comparable group; equal scores share a rank (1, 1, 3); null: not ranked, its figures being suppressed (small groups), listed last' })),
      comparableGroup: Type.String({ description: 'commune (communes, wards, special zones), department, union, school, enterprise' }),
      unit: Type.Object({ code: Type.String(), name: Type.String(), fullName: Type.String(), kind: Type.String() }),
      people: Figure({ description: 'Who the target counts: registered residents, or the members in the campaign groups' }),
      completed: Figure(),
      targetPercent: Type.Integer(),
      targetSetBy: Nullable(Type.Object({ code: Type.String(), name: Type.String() }, { description: "The unit whose target this is (the unit's own, or the nearest set above it); null: the campaign's" })),
      achievedPercent: Rate(),
      ofTarget: Rate({ description: 'Share of the target reached, in percent: what the ranking orders by' }),
      trend: Type.Object({ ofTarget: Rate({ description: 'Change in points since a week before' }), rank: Nullable(Type.Integer({ description: 'Places gained (negative: lost)' })) }),
    }),
  ),
}, {
  examples: [
    {
      campaign: exampleCampaign,
      asOf: '2026-12-01',
      comparedWith: '2026-11-24',
      units: [
        {
          rank: 1,
          comparableGroup: 'commune',
          unit: { code: '30313', name: 'Mỹ Hòa Hưng', fullName: 'Xã Mỹ Hòa Hưng', kind: 'commune' },
          people: 1286,
          completed: 1004,
          targetPercent: 70,
          targetSetBy: null,
          achievedPercent: 78.1,
          ofTarget: 111.5,
          trend: { ofTarget: 6.2, rank: 2 },
        },
        {
          rank: 2,
          comparableGroup: 'commune',
          unit: { code: '30292', name: 'Bình Đức', fullName: 'Phường Bình Đức', kind: 'ward' },
          people: 2210,
          completed: 1547,
          targetPercent: 75,
          targetSetBy: { code: '30292', name: 'Bình Đức' },
          achievedPercent: 70,
          ofTarget: 93.3,
          trend: { ofTarget: 3.1, rank: -1 },
        },
        {
          rank: null,
          comparableGroup: 'school',
          unit: { code: 'ORG.SGD.THPT-TT.A', name: 'Tổ Tin học', fullName: 'Tổ Tin học, Trường THPT Tri Tôn', kind: 'school' },
          people: '< 5',
          completed: '< 5',
          targetPercent: 70,
          targetSetBy: null,
          achievedPercent: 'x',
          ofTarget: 'x',
          trend: { ofTarget: 'x', rank: null },
        },
      ],
    },
  ],
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
  {
    additionalProperties: false,
    examples: [
      {
        title: 'Cán bộ, công chức thành thạo chữ ký số',
        description: 'Toàn bộ cán bộ, công chức xã, phường hoàn thành khóa học trước ngày 31/12.',
        startsOn: '2026-12-01',
        endsOn: '2026-12-31',
        courseIds: [12, 15],
        targetPercent: 90,
        groups: ['official'],
      },
    ],
  },
);

export const CampaignCreated = Type.Object({ id: Type.Integer() }, { examples: [{ id: 4 }] });
export const CampaignList = Type.Object({ campaigns: Type.Array(Campaign) }, { examples: [{ campaigns: [exampleCampaign] }] });
export const CampaignStatusBody = Type.Object({ status: Type.Union(campaignStatuses.map((s) => Type.Literal(s))) }, { examples: [{ status: 'live' }] });
export const TargetParams = Type.Object({ id: Id(), code: Type.String({ maxLength: 40 }) });
export const TargetBody = Type.Object({ percent: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false, examples: [{ percent: 80 }] });
export const TargetSet = Type.Null({ examples: [null] });
