import Type, { type Static } from 'typebox';
import type { AssistedSignupId, TeamId } from '../../shared/ids.js';
import { Id, IsoDay, IsoTime, Nullable } from '../http/schemas.js';

export const callbackOutcomes = ['confirmed', 'not_reachable', 'denied'] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];
export const signalKinds = ['device_burst', 'ip_burst', 'same_details', 'sequential_phones', 'outside_commune', 'cards_on_helper_device'] as const;

/** How the review reads a burst or a run of phone numbers, unless the manager asks otherwise. */
export const signalDefaults = { deviceCount: 5, deviceMinutes: 10, ipCount: 10, ipMinutes: 10, phoneGap: 2 } as const;

export const ReviewParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

const Period = { from: Type.Optional(IsoDay), to: Type.Optional(IsoDay) };

export const SignalsQuery = Type.Object(
  {
    ...Period,
    deviceCount: Type.Integer({ minimum: 2, maximum: 1000, default: signalDefaults.deviceCount, description: 'Sign-ups from one device…' }),
    deviceMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: signalDefaults.deviceMinutes, description: '…within this many minutes' }),
    ipCount: Type.Integer({ minimum: 2, maximum: 1000, default: signalDefaults.ipCount, description: 'Sign-ups from one address…' }),
    ipMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: signalDefaults.ipMinutes, description: '…within this many minutes' }),
    phoneGap: Type.Integer({ minimum: 1, maximum: 99, default: signalDefaults.phoneGap, description: 'Phone numbers this close to each other count as sequential' }),
  },
  { additionalProperties: false },
);
export type SignalsQuery = Static<typeof SignalsQuery>;

const exampleSignup = {
  id: 812,
  personName: 'Nguyễn Văn Tư',
  helperName: 'Trần Văn Hùng',
  teamName: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh',
  at: '2026-11-20T02:14:00.000Z',
  flaggedAt: null,
  flagReason: null,
};

export const SignupItem = Type.Object({
  id: Id<AssistedSignupId>(),
  personName: Type.String(),
  helperName: Type.String(),
  teamName: Type.String(),
  at: IsoTime,
  flaggedAt: Nullable(IsoTime),
  flagReason: Nullable(Type.String()),
}, { examples: [exampleSignup] });
export type SignupItem = Static<typeof SignupItem>;

export const Signals = Type.Object(
  {
    period: Type.Object({ from: IsoDay, to: IsoDay }),
    signups: Type.Integer({ description: 'Assisted sign-ups of the unit and the units below it in the period' }),
    truncated: Type.Boolean({ description: 'True when the period held more sign-ups than one review reads (the earliest were read)' }),
    signals: Type.Array(
      Type.Object({
        kind: Type.Enum(signalKinds),
        detail: Type.String({ description: 'What the sign-ups share: a device id, an address, a name and birth year, the last digits of phones, a place' }),
        signups: Type.Array(SignupItem),
      }),
    ),
  },
  {
    examples: [
      {
        period: { from: '2026-10-26', to: '2026-11-24' },
        signups: 214,
        truncated: false,
        signals: [{ kind: 'device_burst', detail: 'dev-7f3a', signups: [exampleSignup, { ...exampleSignup, id: 813, personName: 'Lê Thị Năm', at: '2026-11-20T02:16:00.000Z' }] }],
      },
    ],
  },
);

export const SignupList = Type.Object({ signups: Type.Array(SignupItem) }, { examples: [{ signups: [{ ...exampleSignup, flaggedAt: '2026-11-21T03:00:00.000Z', flagReason: 'Cùng máy, 8 người trong 5 phút' }] }] });

export const FlagBody = Type.Object(
  {
    signupId: Id<AssistedSignupId>(),
    flagged: Type.Boolean({ description: 'true flags the sign-up, false clears the flag' }),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Why; needed to flag' })),
  },
  { additionalProperties: false, examples: [{ signupId: 812, flagged: true, reason: 'Cùng máy, 8 người trong 5 phút' }] },
);

export const DrawBody = Type.Object(
  {
    from: IsoDay,
    to: IsoDay,
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'How many sign-ups to draw…' })),
    percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: '…or which share of them (rounded up); give one of the two' })),
  },
  { additionalProperties: false, examples: [{ from: '2026-11-01', to: '2026-11-30', size: 20 }] },
);

export const OutcomeBody = Type.Object(
  {
    callbackId: Id(),
    outcome: Type.Enum(callbackOutcomes),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false, examples: [{ callbackId: 31, outcome: 'denied', note: 'Bà nói chưa từng đăng ký, không biết ai là người hỗ trợ' }] },
);

export const CallbackList = Type.Object(
  {
    drawn: Type.Optional(Type.Integer({ description: 'After a draw: how many sign-ups it added to the sample' })),
    callbacks: Type.Array(
      Type.Object({
        id: Id(),
        signup: SignupItem,
        phone: Type.String({ description: "The person's phone, to call them" }),
        drawnAt: IsoTime,
        outcome: Nullable(Type.Enum(callbackOutcomes)),
        note: Nullable(Type.String()),
        recordedAt: Nullable(IsoTime),
      }),
    ),
    teams: Type.Array(
      Type.Object({ teamId: Id<TeamId>(), teamName: Type.String(), sampled: Type.Integer(), confirmed: Type.Integer(), notReachable: Type.Integer(), denied: Type.Integer() }),
      { description: "Per team: sign-ups drawn, and each outcome recorded so far" },
    ),
  },
  {
    examples: [
      {
        drawn: 1,
        callbacks: [{ id: 31, signup: exampleSignup, phone: '+84912345678', drawnAt: '2026-11-24T02:00:00.000Z', outcome: null, note: null, recordedAt: null }],
        teams: [{ teamId: 4, teamName: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', sampled: 12, confirmed: 9, notReachable: 2, denied: 1 }],
      },
    ],
  },
);
export type CallbackList = Static<typeof CallbackList>;

const exampleCredit = { id: 4, name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', helpers: [{ userId: 1002, fullName: 'Trần Văn Hùng', signups: 12, classes: 2, attendees: 31, resolved: 5 }] };

/** What each member of a team did in a period: the credit helpers earn, and what a manager compares with the fraud signals. */
export const TeamCredit = Type.Object(
  {
    id: Id<TeamId>(),
    name: Type.String(),
    helpers: Type.Array(
      Type.Object({
        userId: Type.Integer(),
        fullName: Type.String(),
        signups: Type.Integer({ description: 'Assisted sign-ups made (new accounts and linked ones)' }),
        classes: Type.Integer({ description: 'Classes held that they led or were present at' }),
        attendees: Type.Integer({ description: 'People who attended the classes they led' }),
        resolved: Type.Integer({ description: 'Support requests they resolved' }),
      }),
    ),
  },
  { examples: [exampleCredit] },
);

export const CreditQuery = Type.Object(Period, { additionalProperties: false });
export const CreditList = Type.Object(
  { period: Type.Object({ from: Type.String(), to: Type.String() }), teams: Type.Array(TeamCredit) },
  { examples: [{ period: { from: '2026-11-03', to: '2026-12-02' }, teams: [exampleCredit] }] },
);

export const HelperFigures = Type.Object(
  {
    credit: Type.Array(TeamCredit, { description: "Each of the helper's teams, member by member, over the last 30 days" }),
    signups: Type.Integer({ description: 'Sign-ups this helper made (new accounts and linked ones)' }),
    signupsLast30Days: Type.Integer(),
    teams: Type.Array(
      Type.Object({
        id: Id<TeamId>(),
        name: Type.String(),
        unitCode: Type.String(),
        registered: Type.Integer({ description: 'Accounts the team made by assisted sign-up' }),
        active7d: Type.Integer({ description: 'Of them, learners with progress in the last 7 days' }),
        completed: Type.Integer({ description: 'Completions by them' }),
      }),
    ),
  },
  { examples: [{ credit: [exampleCredit], signups: 46, signupsLast30Days: 12, teams: [{ id: 4, name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh', unitCode: '30307', registered: 326, active7d: 58, completed: 97 }] }] },
);
