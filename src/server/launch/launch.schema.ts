import Type, { type Static } from 'typebox';
import { eventStatuses } from '../../shared/events.js';
import type { CourseId, EventId, ScreenTokenId, UserId } from '../../shared/ids.js';
import { limits } from '../../shared/limits.js';
import { Id, IsoTime, Nullable } from '../http/schemas.js';

export const EventIdParams = Type.Object({ id: Id<EventId>() });
export const ScreenTokenParams = Type.Object({ id: Id<EventId>(), tokenId: Id<ScreenTokenId>() });
export const ScreenQuery = Type.Object({ token: Type.String({ maxLength: 64, description: 'The screen token (from the fragment of /screen#<token>)' }) });

const EventStatus = Type.Enum(eventStatuses);
const maxLeaders = 30;

export const LaunchInput = Type.Object(
  {
    leaderPhones: Type.Array(Type.String({ minLength: 1, maxLength: limits.phoneInputMaxLength }), { maxItems: maxLeaders, description: 'Registered people who press, in order' }),
    pressesNeeded: Type.Integer({ minimum: 1, maximum: maxLeaders, description: 'How many presses launch: 1 … the number of leaders' }),
    plannedAt: Nullable(IsoTime, { description: 'The planned moment, for the countdown' }),
    courseIds: Type.Array(Id(), { maxItems: 20, uniqueItems: true, description: 'Courses published at the launch: the organiser must hold the author role over each' }),
    campaignId: Nullable(Id(), { description: 'A campaign set live at the launch: the organiser must lead it' }),
  },
  {
    additionalProperties: false,
    examples: [{ leaderPhones: ['0900 000 021', '0900 000 022'], pressesNeeded: 2, plannedAt: '2025-05-19T02:15:00.000Z', courseIds: [3], campaignId: 1 }],
  },
);
export type LaunchInput = Static<typeof LaunchInput>;

const exampleConfig = {
  eventStatus: 'published',
  locked: false,
  leaders: [
    { id: 21, fullName: 'Trần Văn Phúc', phone: '+84900000021', pressedAt: null },
    { id: 22, fullName: 'Lê Thị Thu', phone: '+84900000022', pressedAt: null },
  ],
  pressesNeeded: 2,
  plannedAt: '2025-05-19T02:15:00.000Z',
  courses: [{ id: 3, title: 'Kỹ năng số cơ bản' }],
  campaign: { id: 1, title: 'Bình dân học vụ số 2025', status: 'draft' },
  launchedAt: null,
};

export const LaunchConfig = Type.Object(
  {
    eventStatus: EventStatus,
    locked: Type.Boolean({ description: 'True once the event is live: the configuration no longer changes' }),
    leaders: Type.Array(Type.Object({ id: Id<UserId>(), fullName: Type.String(), phone: Type.String(), pressedAt: Nullable(IsoTime) })),
    pressesNeeded: Type.Integer(),
    plannedAt: Nullable(IsoTime),
    courses: Type.Array(Type.Object({ id: Id<CourseId>(), title: Type.String() })),
    campaign: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.String() })),
    launchedAt: Nullable(IsoTime),
  },
  { examples: [exampleConfig] },
);
export type LaunchConfig = Static<typeof LaunchConfig>;

const LeaderFields = {
  title: Type.String(),
  eventStatus: EventStatus,
  pressesNeeded: Type.Integer(),
  presses: Type.Integer({ description: 'Presses so far' }),
  pressedByMe: Type.Boolean(),
  launchedAt: Nullable(IsoTime),
};
const exampleLeader = { title: 'Lễ phát động Bình dân học vụ số', eventStatus: 'live', pressesNeeded: 2, presses: 1, pressedByMe: true, launchedAt: null };

export const LeaderView = Type.Object(LeaderFields, { examples: [exampleLeader] });
export type LeaderView = Static<typeof LeaderView>;

export const PressAnswer = Type.Object(
  {
    ...LeaderFields,
    alreadyPressed: Type.Boolean({ description: 'This leader had pressed before: this press counted nothing' }),
    launchedNow: Type.Boolean({ description: 'This press completed the count and launched' }),
  },
  { examples: [{ ...exampleLeader, alreadyPressed: false, launchedNow: false }] },
);
export type PressAnswer = Static<typeof PressAnswer>;

export const NewScreenToken = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, description: 'Where the screen is, e.g. "Màn hình hội trường"' }) },
  { additionalProperties: false, examples: [{ name: 'Màn hình hội trường' }] },
);

const TokenFields = { id: Id<ScreenTokenId>(), name: Type.String(), createdAt: IsoTime, revokedAt: Nullable(IsoTime) };
const exampleToken = { id: 1, name: 'Màn hình hội trường', createdAt: '2025-05-18T09:00:00.000Z', revokedAt: null };

export const ScreenTokenCreated = Type.Object(
  { ...TokenFields, token: Type.String({ description: 'Shown this once: open /screen#<token> on the screen' }) },
  { examples: [{ ...exampleToken, token: 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4' }] },
);
export type ScreenTokenCreated = Static<typeof ScreenTokenCreated>;

export const ScreenTokenList = Type.Object({ tokens: Type.Array(Type.Object(TokenFields)) }, { examples: [{ tokens: [exampleToken] }] });
export type ScreenTokenList = Static<typeof ScreenTokenList>;

const Counts = Type.Object({
  since: IsoTime,
  signUps: Type.Integer(),
  active: Type.Integer(),
  completed: Type.Integer({ description: 'Course completions' }),
  communes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), signUps: Type.Integer(), active: Type.Integer(), completed: Type.Integer() }), {
    description: 'Communes, wards and special zones, most sign-ups first',
  }),
});

export const ScreenState = Type.Object(
  {
    now: IsoTime,
    event: Type.Object({ id: Id<EventId>(), title: Type.String(), status: EventStatus, startsAt: IsoTime, endsAt: IsoTime }),
    agenda: Type.Array(Type.Object({ startsAt: IsoTime, durationMinutes: Type.Integer(), content: Type.String(), responsible: Nullable(Type.String()) })),
    launch: Nullable(
      Type.Object({
        plannedAt: Nullable(IsoTime),
        pressesNeeded: Type.Integer(),
        leaders: Type.Array(Type.Object({ fullName: Type.String(), pressed: Type.Boolean() })),
        launchedAt: Nullable(IsoTime),
      }),
    ),
    counts: Nullable(Counts, { description: 'After the launch: figures since the launch day' }),
  },
  {
    examples: [
      {
        now: '2025-05-19T02:16:00.000Z',
        event: { id: 1, title: 'Lễ phát động Bình dân học vụ số', status: 'live', startsAt: '2025-05-19T00:30:00.000Z', endsAt: '2025-05-19T02:30:00.000Z' },
        agenda: [{ startsAt: '2025-05-19T02:10:00.000Z', durationMinutes: 10, content: 'Nghi thức nhấn nút phát động', responsible: 'Lãnh đạo tỉnh' }],
        launch: { plannedAt: '2025-05-19T02:15:00.000Z', pressesNeeded: 2, leaders: [{ fullName: 'Trần Văn Phúc', pressed: true }], launchedAt: '2025-05-19T02:15:30.000Z' },
        counts: { since: '2025-05-19T02:15:30.000Z', signUps: 120, active: 80, completed: 3, communes: [{ code: '30307', name: 'Long Xuyên', signUps: 40, active: 22, completed: 1 }] },
      },
    ],
  },
);
export type ScreenState = Static<typeof ScreenState>;
