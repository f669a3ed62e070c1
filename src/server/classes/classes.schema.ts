import Type, { type Static } from 'typebox';
import type { ClassId, CourseId, LessonId, UserId } from '../../shared/ids.js';
import { exampleUnits, Id, IsoDay, IsoTime, Nullable, UnitRef } from '../http/schemas.js';

export const ClassIdParams = Type.Object({ id: Id<ClassId>() });
export const AttendeeParams = Type.Object({ id: Id<ClassId>(), userId: Id<UserId>() });

export const ClassListQuery = Type.Object(
  {
    from: Type.Optional(IsoDay),
    to: Type.Optional(IsoDay),
  },
  { additionalProperties: false },
);
export type ClassListQuery = Static<typeof ClassListQuery>;

const placeName = Type.String({ minLength: 2, maxLength: 120, description: 'Where: a cultural house, a school, a market…' });
const startsAt = Type.String({ format: 'date-time', maxLength: 40, description: 'When it starts' });
const durationMinutes = Type.Integer({ minimum: 15, maximum: 480 });
const lessonIds = Type.Array(Id<LessonId>(), { minItems: 1, maxItems: 50, description: 'Published lessons of the course the class covers, in teaching order' });
const helperIds = Type.Array(Id<UserId>(), { maxItems: 30, description: "Members of the team present besides the one scheduling (who is always present)" });

export const NewClassBody = Type.Object(
  { placeName, startsAt, durationMinutes, courseId: Id<CourseId>(), lessonIds, helperIds: Type.Optional(helperIds) },
  {
    additionalProperties: false,
    examples: [{ placeName: 'Nhà văn hóa khóm Đông Thịnh', startsAt: '2026-12-05T01:00:00.000Z', durationMinutes: 90, courseId: 12, lessonIds: [43, 44], helperIds: [208] }],
  },
);
export type NewClassBody = Static<typeof NewClassBody>;

export const ClassPatchBody = Type.Object(
  {
    placeName: Type.Optional(placeName),
    startsAt: Type.Optional(startsAt),
    durationMinutes: Type.Optional(durationMinutes),
    lessonIds: Type.Optional(lessonIds),
    helperIds: Type.Optional(helperIds),
  },
  { additionalProperties: false, examples: [{ startsAt: '2026-12-05T07:30:00.000Z' }] },
);
export type ClassPatchBody = Static<typeof ClassPatchBody>;

/**
 * What the helper's app sends for one attendee, exactly one of: a scanned card's secret, a phone number, or a person
 * just signed up. (One object rather than a union: the validator strips unknown fields while trying union branches.)
 */
export const AttendanceBody = Type.Object(
  {
    card: Type.Optional(Type.String({ minLength: 16, maxLength: 300, description: 'The secret after # in the card QR (or the whole address)' })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: 'A registered phone, in any writing' })),
    userId: Type.Optional(Id<UserId>({ description: 'A walk-in just signed up by assisted sign-up (living in the commune)' })),
  },
  { additionalProperties: false, examples: [{ card: 'k3J9xQ2mV7pL0aZ4wE8rT1yU6iO5sD3f' }, { phone: '0912 345 678' }] },
);
export type AttendanceBody = Static<typeof AttendanceBody>;

export const classStatuses = ['scheduled', 'started', 'closed', 'cancelled'] as const;

const Person = Type.Object({ id: Type.Integer(), fullName: Type.String() });

export const Attendee = Type.Object({
  userId: Type.Integer(),
  fullName: Type.String(),
  birthYear: Type.Integer(),
  place: Type.String({ description: 'Where the person lives: the hamlet, or the commune' }),
  phone: Type.String({ description: 'Masked (last three digits) unless the viewer is a manager' }),
  method: Type.Enum(['card', 'phone', 'signup']),
  recordedAt: IsoTime,
  creditedAt: Nullable(IsoTime),
});
export type Attendee = Static<typeof Attendee>;

const classFields = {
  id: Type.Integer(),
  status: Type.Enum(classStatuses),
  placeName: Type.String(),
  unit: UnitRef,
  team: Type.Object({ id: Type.Integer(), name: Type.String() }),
  startsAt: IsoTime,
  durationMinutes: Type.Integer(),
  course: Type.Object({ id: Type.Integer(), title: Type.String() }),
  lessons: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String() })),
  leader: Person,
  helpers: Type.Array(Person),
  attendeeCount: Type.Integer(),
};

export const ClassSummary = Type.Object(classFields);
export type ClassSummary = Static<typeof ClassSummary>;

const exampleClass = {
  id: 7,
  status: 'closed',
  placeName: 'Nhà văn hóa khóm Đông Thịnh',
  unit: { code: '30307.DT', name: 'Khóm Đông Thịnh', fullName: 'Khóm Đông Thịnh, Phường Long Xuyên', kind: 'hamlet' },
  team: { id: 3, name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh' },
  startsAt: '2026-11-28T01:00:00.000Z',
  durationMinutes: 90,
  course: { id: 12, title: 'Kỹ năng số cơ bản cho người dân' },
  lessons: [
    { id: 43, title: 'Làm quen với điện thoại thông minh' },
    { id: 44, title: 'Cài đặt ứng dụng an toàn' },
  ],
  leader: { id: 207, fullName: 'Trần Văn Hùng' },
  helpers: [
    { id: 207, fullName: 'Trần Văn Hùng' },
    { id: 208, fullName: 'Lý Thị Hoa' },
  ],
  attendeeCount: 1,
};

export const ClassList = Type.Object(
  { unit: UnitRef, classes: Type.Array(ClassSummary) },
  { examples: [{ unit: { ...exampleUnits.binhDuc, code: '30307', name: 'Long Xuyên', fullName: 'Phường Long Xuyên' }, classes: [exampleClass] }] },
);

const exampleAttendee = { userId: 311, fullName: 'Nguyễn Văn Ba', birthYear: 1958, place: 'Khóm Đông Thịnh', phone: '••••••• 678', method: 'card', recordedAt: '2026-11-28T01:05:12.000Z', creditedAt: '2026-11-28T02:31:00.000Z' };
const exampleDetail = { ...exampleClass, attendees: [exampleAttendee], canManage: true, walkInPath: '/helper/signup?class=7' };

export const ClassDetail = Type.Object(
  {
    ...classFields,
    attendees: Type.Array(Attendee),
    canManage: Type.Boolean({ description: 'The viewer is a helper of the team: may take attendance, edit (before the start) and close' }),
    walkInPath: Type.String({ description: 'The assisted sign-up page, returning to this class' }),
  },
  { examples: [exampleDetail] },
);
export type ClassDetail = Static<typeof ClassDetail>;

export const AttendanceRecorded = Type.Object(
  { added: Type.Boolean({ description: 'false when the person was already on the list (a second scan changes nothing)' }), attendee: Attendee, class: ClassDetail },
  { examples: [{ added: true, attendee: exampleAttendee, class: exampleDetail }] },
);

export const SchedulingChoices = Type.Object(
  {
    teams: Type.Array(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        unit: UnitRef,
        hamlets: Type.Array(UnitRef),
        members: Type.Array(Person),
      }),
    ),
  },
  {
    examples: [
      {
        teams: [
          {
            id: 3,
            name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh',
            unit: { code: '30307', name: 'Long Xuyên', fullName: 'Phường Long Xuyên', kind: 'ward' },
            hamlets: [exampleClass.unit],
            members: exampleClass.helpers,
          },
        ],
      },
    ],
  },
);
