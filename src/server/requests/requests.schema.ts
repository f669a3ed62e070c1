import Type, { type Static } from 'typebox';
import type { SupportRequestId, TeamId } from '../../shared/ids.js';
import { limits } from '../../shared/limits.js';
import { requestLimits, requestStatuses, requestTopics } from '../../shared/support-requests.js';
import { exampleUnits, Id, IsoDay, IsoTime, Nullable, Offset, UnitRef } from '../http/schemas.js';

const Topic = Type.Enum(requestTopics, { description: 'install_app (SmartAnGiang), sign_in, course, vneid, public_service (online public services), scam (a suspected scam), other' });
const Status = Type.Enum(requestStatuses);
const Details = Type.String({ minLength: 1, maxLength: requestLimits.detailsMaxLength });
const PreferredTime = Type.String({ maxLength: requestLimits.preferredTimeMaxLength, description: 'When the person would like to be helped, in their words ("sáng thứ Bảy")' });
const PhoneText = Type.String({ maxLength: 30 });
const UnitCode = Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength });

export const RequestIdParams = Type.Object({ id: Id<SupportRequestId>() });
export const TeamIdParams = Type.Object({ id: Id<TeamId>() });

export const NewOwnRequest = Type.Object(
  {
    topic: Topic,
    details: Details,
    placeCode: Type.Optional(UnitCode),
    preferredTime: Type.Optional(PreferredTime),
    phone: Type.Optional(PhoneText),
  },
  { additionalProperties: false, examples: [{ topic: 'vneid', details: 'Tôi không đăng nhập được VNeID mức 2.', placeCode: '30307', preferredTime: 'Buổi sáng', phone: '0912 345 678' }] },
);

export const NewRequestForPerson = Type.Object(
  {
    phone: PhoneText,
    fullName: Type.Optional(Type.String({ maxLength: limits.fullNameMaxLength, description: 'Needed only when the phone has no account in the helper’s commune' })),
    topic: Topic,
    details: Details,
    placeCode: UnitCode,
    preferredTime: Type.Optional(PreferredTime),
  },
  { additionalProperties: false, examples: [{ phone: '0912 345 678', fullName: 'Lê Văn Tư', topic: 'install_app', details: 'Cần cài SmartAnGiang cho điện thoại mới.', placeCode: '30307', preferredTime: 'Chiều thứ Hai' }] },
);

const exampleMine = {
  id: 12,
  topic: 'vneid',
  details: 'Tôi không đăng nhập được VNeID mức 2.',
  preferredTime: 'Buổi sáng',
  status: 'resolved',
  place: exampleUnits.binhDuc,
  contactPhone: '+84912345678',
  createdAt: '2026-11-24T02:00:00.000Z',
  resolvedAt: '2026-11-24T09:30:00.000Z',
  resolution: 'Đã hướng dẫn đặt lại mật khẩu VNeID tại nhà văn hóa khóm.',
  closedAt: null,
} as const;

const MyRequest = Type.Object({
  id: Id<SupportRequestId>(),
  topic: Topic,
  details: Type.String(),
  preferredTime: Type.String(),
  status: Status,
  place: UnitRef,
  contactPhone: Type.String(),
  createdAt: IsoTime,
  resolvedAt: Nullable(IsoTime),
  resolution: Nullable(Type.String({ description: 'The short message the helper left for the person when resolving' })),
  closedAt: Nullable(IsoTime, { description: 'When it was closed as a duplicate or cancelled' }),
});
export type MyRequest = Static<typeof MyRequest>;

export const MyRequestView = Type.Object(MyRequest.properties, { examples: [exampleMine] });

export const MyRequests = Type.Object(
  {
    requests: Type.Array(MyRequest),
    places: Type.Array(UnitRef, { description: 'Where the person may ask for help: their commune and its hamlets' }),
    defaultPlace: Type.String({ description: 'The code of their home unit' }),
    phone: Type.String({ description: 'Their own phone, the default number to call back on' }),
  },
  { examples: [{ requests: [exampleMine], places: [exampleUnits.binhDuc], defaultPlace: '30292', phone: '+84912345678' }] },
);

const Person = Type.Object({ id: Type.Integer(), fullName: Type.String() });

const RequestSummary = Type.Object({
  id: Id<SupportRequestId>(),
  topic: Topic,
  details: Type.String(),
  preferredTime: Type.String(),
  status: Status,
  place: UnitRef,
  requester: Type.Object({ fullName: Type.String(), phone: Type.String(), registered: Type.Boolean({ description: 'false: a helper asked for someone without an account' }) }),
  openedByHelper: Type.Boolean(),
  teams: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  assignee: Nullable(Person),
  createdAt: IsoTime,
  assignedAt: Nullable(IsoTime),
  firstResponseAt: Nullable(IsoTime),
  resolvedAt: Nullable(IsoTime),
  resolution: Nullable(Type.String()),
  duplicateOf: Nullable(Type.Integer()),
  closedAt: Nullable(IsoTime),
  overdue: Type.Boolean({ description: 'Open or assigned for longer than its team allows' }),
});
export type RequestSummary = Static<typeof RequestSummary>;

const exampleSummary = {
  id: 12,
  topic: 'vneid',
  details: 'Tôi không đăng nhập được VNeID mức 2.',
  preferredTime: 'Buổi sáng',
  status: 'assigned',
  place: exampleUnits.binhDuc,
  requester: { fullName: 'Nguyễn Thị Mai', phone: '+84912345678', registered: true },
  openedByHelper: false,
  teams: [{ id: 3, name: 'Tổ công nghệ số cộng đồng khóm Bình Thới' }],
  assignee: { id: 41, fullName: 'Trần Văn Hùng' },
  createdAt: '2026-11-24T02:00:00.000Z',
  assignedAt: '2026-11-24T03:10:00.000Z',
  firstResponseAt: '2026-11-24T03:10:00.000Z',
  resolvedAt: null,
  resolution: null,
  duplicateOf: null,
  closedAt: null,
  overdue: false,
} as const;

export const QueueQuery = Type.Object({
  status: Type.Union([Type.Literal('active'), Type.Literal('closed'), Status], { default: 'active', description: 'active: open and assigned; closed: resolved, duplicate and cancelled' }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Offset,
});

export const Queue = Type.Object({ total: Type.Integer(), requests: Type.Array(RequestSummary) }, { examples: [{ total: 1, requests: [exampleSummary] }] });

export const RequestDetail = Type.Object(
  {
    ...RequestSummary.properties,
    notes: Type.Array(Type.Object({ author: Type.String(), text: Type.String(), at: IsoTime }), { description: 'Internal: never shown to the person' }),
    assignable: Type.Array(Person, { description: 'Whom the viewer may give it to: the members of its teams for a team leader or a manager, the viewer alone for another helper' }),
  },
  { examples: [{ ...exampleSummary, notes: [{ author: 'Trần Văn Hùng', text: 'Đã gọi, hẹn 8 giờ sáng mai.', at: '2026-11-24T03:10:00.000Z' }], assignable: [{ id: 41, fullName: 'Trần Văn Hùng' }] }] },
);

export const AssignBody = Type.Object(
  { helperId: Type.Optional(Id({ description: 'Left out: the viewer takes it' })) },
  { additionalProperties: false, examples: [{}, { helperId: 41 }] },
);
export const NoteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: requestLimits.noteMaxLength }) }, { additionalProperties: false, examples: [{ text: 'Đã gọi, hẹn 8 giờ sáng mai.' }] });
export const ResolveBody = Type.Object(
  { message: Type.String({ minLength: 1, maxLength: requestLimits.resolutionMaxLength, description: 'What the person reads' }) },
  { additionalProperties: false, examples: [{ message: 'Đã hướng dẫn đặt lại mật khẩu VNeID.' }] },
);
export const DuplicateBody = Type.Object({ ofId: Id() }, { additionalProperties: false, examples: [{ ofId: 11 }] });
export const OverdueHoursBody = Type.Object({ hours: Type.Integer({ minimum: 1, maximum: requestLimits.overdueHoursMax }) }, { additionalProperties: false, examples: [{ hours: 24 }] });

export const FiguresQuery = Type.Object({
  from: Type.Optional(IsoDay),
  to: Type.Optional(IsoDay),
  unit: Type.Optional(Type.String({ maxLength: limits.unitCodeMaxLength, description: 'Managers: the teams of this unit and below (default: every unit they manage)' })),
});

export const TeamFigures = Type.Object(
  {
    from: IsoDay,
    to: IsoDay,
    teams: Type.Array(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        unit: Type.Object({ code: Type.String(), name: Type.String() }),
        overdueHours: Type.Integer(),
        mayChangeOverdueHours: Type.Boolean(),
        open: Type.Integer({ description: 'Open now (nobody has taken them)' }),
        assigned: Type.Integer({ description: 'Taken, not resolved yet' }),
        created: Type.Integer({ description: 'Asked in the period' }),
        resolved: Type.Integer({ description: 'Resolved in the period' }),
        medianFirstResponseMinutes: Nullable(Type.Number({ description: 'Over requests asked in the period that got a response' })),
        medianResolutionMinutes: Nullable(Type.Number({ description: 'Over requests resolved in the period' })),
        overdue: Type.Array(
          Type.Object({ id: Type.Integer(), topic: Topic, status: Status, place: Type.String(), createdAt: IsoTime, hoursWaiting: Type.Integer(), assignee: Nullable(Type.String()) }),
        ),
      }),
    ),
  },
  {
    examples: [
      {
        from: '2026-10-26',
        to: '2026-11-24',
        teams: [
          {
            id: 3,
            name: 'Tổ công nghệ số cộng đồng khóm Bình Thới',
            unit: { code: '30292', name: 'Bình Đức' },
            overdueHours: 48,
            mayChangeOverdueHours: true,
            open: 2,
            assigned: 1,
            created: 14,
            resolved: 11,
            medianFirstResponseMinutes: 95,
            medianResolutionMinutes: 1260,
            overdue: [{ id: 9, topic: 'install_app', status: 'open', place: 'Khóm Bình Thới 1', createdAt: '2026-11-21T02:00:00.000Z', hoursWaiting: 72, assignee: null }],
          },
        ],
      },
    ],
  },
);
