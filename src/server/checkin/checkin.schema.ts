import Type, { type Static } from 'typebox';
import { checkinResults } from '../../shared/checkin.js';
import { invitationRsvps } from '../../shared/events.js';
import type { EventId, InvitationId, ParticipantGroupId, VenueId } from '../../shared/ids.js';
import { Id, Int32, IsoTime, Nullable } from '../http/schemas.js';

export const EventIdParams = Type.Object({ id: Id<EventId>() });
export const EventVenueParams = Type.Object({ id: Id<EventId>(), venueId: Id<VenueId>() });

const VenueRef = Type.Object({ id: Id<VenueId>(), name: Type.String() });

export const CheckinList = Type.Object(
  {
    eventId: Id<EventId>(),
    venueId: Id<VenueId>({ description: 'The door this list was asked for' }),
    version: IsoTime,
    venues: Type.Array(VenueRef),
    entries: Type.Array(
      Type.Object({
        invitationId: Id<InvitationId>(),
        secretHash: Type.String({ description: 'SHA-256 (hex) of the secret in the QR' }),
        code: Type.String({ description: 'The door code printed under the QR' }),
        fullName: Type.String(),
        group: Nullable(Type.String()),
        venueId: Id<VenueId>({ description: 'The venue the person is invited to' }),
        rsvp: Type.Enum(invitationRsvps),
        checkedIn: Nullable(Type.Object({ venueId: Id<VenueId>(), at: IsoTime })),
      }),
    ),
  },
  {
    description: 'Every live invitation of the event (all venues, so that a wrong door is recognised), for the door phone to keep offline',
    examples: [
      {
        eventId: 3,
        venueId: 7,
        version: '2025-05-19T00:10:00.000Z',
        venues: [{ id: 7, name: 'Hội trường UBND tỉnh' }],
        entries: [
          { invitationId: 41, secretHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', code: 'K7MX2Q', fullName: 'Trần Thị Thu', group: 'Thành viên Ban Chỉ đạo', venueId: 7, rsvp: 'accepted', checkedIn: null },
        ],
      },
    ],
  },
);
export type CheckinList = Static<typeof CheckinList>;

const Scan = Type.Object(
  {
    nonce: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Chosen by the door phone once per scan; a resend carries the same one' }),
    venueId: Id<VenueId>(),
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'The secret after # in the invitation QR (or the whole link)' })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'The door code typed by hand' })),
    invitationId: Type.Optional(Id<InvitationId>({ description: 'An invitation found by phone' })),
    scannedAt: IsoTime,
  },
  { additionalProperties: false },
);

export const CheckinBatch = Type.Object(
  {
    deviceId: Type.String({ minLength: 1, maxLength: 64, description: 'The door phone, as it names itself' }),
    scans: Type.Array(Scan, { minItems: 1, maxItems: 200 }),
  },
  {
    additionalProperties: false,
    examples: [{ deviceId: 'cua-chinh-1', scans: [{ nonce: 'f0c1d2e3a4b5c6d7', venueId: 7, secret: 'k3J9xQ2mV7pL0aZ4wE8rT1yU6iO5sD3f', scannedAt: '2025-05-19T00:12:03.000Z' }] }],
  },
);
export type CheckinBatch = Static<typeof CheckinBatch>;

const ScanAnswer = Type.Object({
  nonce: Type.String(),
  result: Type.Union([Type.Enum(checkinResults), Type.Literal('nonce_reused')]),
  invitationId: Nullable(Id<InvitationId>()),
  fullName: Nullable(Type.String()),
  group: Nullable(Type.String()),
  venue: Nullable(VenueRef, { description: 'For conflict: where the person was counted; for wrong_venue: where they are invited' }),
});
export type ScanAnswer = Static<typeof ScanAnswer>;

export const CheckinAnswers = Type.Object(
  { results: Type.Array(ScanAnswer) },
  {
    examples: [{ results: [{ nonce: 'f0c1d2e3a4b5c6d7', result: 'checked_in', invitationId: 41, fullName: 'Trần Thị Thu', group: 'Thành viên Ban Chỉ đạo', venue: null }] }],
  },
);
export type CheckinAnswers = Static<typeof CheckinAnswers>;

export const PhoneQuery = Type.Object({ phone: Type.String({ minLength: 1, maxLength: 30, description: 'In any writing' }) }, { additionalProperties: false });

export const PhoneMatches = Type.Object(
  {
    matches: Type.Array(
      Type.Object({ invitationId: Id<InvitationId>(), fullName: Type.String(), group: Nullable(Type.String()), venue: VenueRef, cancelled: Type.Boolean() }),
    ),
  },
  { examples: [{ matches: [{ invitationId: 41, fullName: 'Trần Thị Thu', group: 'Thành viên Ban Chỉ đạo', venue: { id: 7, name: 'Hội trường UBND tỉnh' }, cancelled: false }] }] },
);
export type PhoneMatches = Static<typeof PhoneMatches>;

export const WalkIn = Type.Object(
  {
    nonce: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    deviceId: Type.String({ minLength: 1, maxLength: 64 }),
    venueId: Id<VenueId>(),
    groupId: Id<ParticipantGroupId>(),
    phone: Type.String({ minLength: 1, maxLength: 30 }),
    fullName: Type.String({ minLength: 1, maxLength: 120 }),
    birthYear: Int32({ minimum: 1900, maximum: 2100 }),
  },
  {
    additionalProperties: false,
    examples: [{ nonce: 'a1b2c3d4e5f6a7b8', deviceId: 'cua-chinh-1', venueId: 7, groupId: 2, phone: '0912 345 678', fullName: 'Lê Văn Đến', birthYear: 1980 }],
  },
);
export type WalkIn = Static<typeof WalkIn>;

export const DoorCodeRequest = Type.Object({ phone: Type.String({ minLength: 1, maxLength: 30 }) }, { additionalProperties: false, examples: [{ phone: '0912 345 678' }] });

export const DoorCodeSent = Type.Object(
  { codeId: Type.Integer(), expiresAt: IsoTime },
  { examples: [{ codeId: 12, expiresAt: '2025-05-19T00:40:00.000Z' }] },
);

export const DoorSignup = Type.Object(
  {
    ...WalkIn.properties,
    codeId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    code: Type.String({ minLength: 1, maxLength: 12, description: 'The code the delegate read back from the text message' }),
  },
  {
    additionalProperties: false,
    examples: [{ nonce: 'b1c2d3e4f5a6b7c8', deviceId: 'cua-chinh-1', venueId: 7, groupId: 2, phone: '0912 345 678', fullName: 'Lê Văn Đến', birthYear: 1980, codeId: 12, code: '483920' }],
  },
);
export type DoorSignup = Static<typeof DoorSignup>;

export const WalkInAnswer = Type.Object(
  { scan: ScanAnswer, createdAccount: Type.Boolean() },
  { examples: [{ scan: { nonce: 'a1b2c3d4e5f6a7b8', result: 'checked_in', invitationId: 58, fullName: 'Lê Văn Đến', group: 'Đoàn viên thanh niên', venue: null }, createdAccount: true }] },
);
export type WalkInAnswer = Static<typeof WalkInAnswer>;

const Figures = {
  quota: Nullable(Int32()),
  invited: Int32(),
  accepted: Int32(),
  checkedIn: Int32(),
  atDoor: Int32({ description: 'Walk-ins and door sign-ups' }),
};

export const Attendance = Type.Object(
  {
    eventId: Id<EventId>(),
    title: Type.String(),
    startsAt: IsoTime,
    asOf: IsoTime,
    venues: Type.Array(
      Type.Object({
        id: Id<VenueId>(),
        name: Type.String(),
        ...Figures,
        groups: Type.Array(Type.Object({ id: Nullable(Id<ParticipantGroupId>()), name: Nullable(Type.String()), ...Figures })),
      }),
    ),
    totals: Type.Object(Figures),
    conflicts: Type.Array(
      Type.Object({ result: Type.Union([Type.Literal('conflict'), Type.Literal('wrong_venue')]), fullName: Type.String(), scannedAt: IsoTime, venue: VenueRef, belongsAt: Nullable(VenueRef, { description: 'conflict: where the person was counted; wrong_venue: where they are invited' }) }),
    ),
  },
  {
    examples: [
      {
        eventId: 3,
        title: 'Lễ phát động phong trào Bình dân học vụ số',
        startsAt: '2025-05-19T00:30:00.000Z',
        asOf: '2025-05-19T00:40:00.000Z',
        venues: [
          {
            id: 7,
            name: 'Hội trường UBND tỉnh',
            quota: 140,
            invited: 138,
            accepted: 120,
            checkedIn: 97,
            atDoor: 3,
            groups: [{ id: 2, name: 'Thành viên Ban Chỉ đạo', quota: 40, invited: 40, accepted: 36, checkedIn: 31, atDoor: 0 }],
          },
        ],
        totals: { quota: 140, invited: 138, accepted: 120, checkedIn: 97, atDoor: 3 },
        conflicts: [{ result: 'conflict', fullName: 'Trần Thị Thu', scannedAt: '2025-05-19T00:31:00.000Z', venue: { id: 8, name: 'Điểm cầu phường Long Xuyên' }, belongsAt: { id: 7, name: 'Hội trường UBND tỉnh' } }],
      },
    ],
  },
);
export type Attendance = Static<typeof Attendance>;
