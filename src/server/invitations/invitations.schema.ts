import Type, { type Static } from 'typebox';
import { invitationRsvps, invitationSources } from '../../shared/events.js';
import type { EventId, InvitationId, ParticipantGroupId, VenueId } from '../../shared/ids.js';
import { Id, Int32, IsoTime, Nullable } from '../http/schemas.js';

const Rsvp = Type.Enum(invitationRsvps);
const Source = Type.Enum(invitationSources);
const secret = Type.String({ minLength: 1, maxLength: 200, description: 'The secret after # in the invitation link' });
const at = '2025-05-19T00:30:00.000Z';

export const EventParams = Type.Object({ id: Id<EventId>() });
export const InvitationParams = Type.Object({ id: Id<EventId>(), invitationId: Id<InvitationId>() });
export const AllocationParams = Type.Object({ allocationId: Id() });

export const NewGroup = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false, examples: [{ name: 'Thành viên Ban Chỉ đạo' }] });
export const QuotaChange = Type.Object(
  { groupId: Id<ParticipantGroupId>(), venueId: Id<VenueId>(), quota: Int32({ maximum: 100_000 }) },
  { additionalProperties: false, examples: [{ groupId: 1, venueId: 1, quota: 40 }] },
);

/** A person by phone; name, birth year and home commune are needed only when the phone has no account yet. */
const PersonFields = {
  phone: Type.String({ maxLength: 30 }),
  fullName: Type.Optional(Type.String({ maxLength: 200 })),
  birthYear: Type.Optional(Type.String({ maxLength: 4 })),
  homeCode: Type.Optional(Type.String({ maxLength: 40, description: 'Commune or ward code where the person lives; default: the venue’s commune' })),
};
export const NewInvitation = Type.Object(
  { ...PersonFields, groupId: Id<ParticipantGroupId>(), venueId: Id<VenueId>() },
  { additionalProperties: false, examples: [{ phone: '0912 345 678', fullName: 'Võ Thị Kim Ngân', birthYear: '1990', groupId: 1, venueId: 1 }] },
);
export type NewInvitation = Static<typeof NewInvitation>;
export const NewUnitInvitation = Type.Object(PersonFields, { additionalProperties: false, examples: [{ phone: '0912 345 678', fullName: 'Võ Thị Kim Ngân', birthYear: '1990' }] });

export const NewAllocation = Type.Object(
  { unitCode: Type.String({ maxLength: 40 }), groupId: Id<ParticipantGroupId>(), venueId: Id<VenueId>(), seats: Int32({ minimum: 1, maximum: 100_000 }) },
  { additionalProperties: false, examples: [{ unitCode: '30307', groupId: 3, venueId: 1, seats: 10 }] },
);

const Slot = { venueId: Id<VenueId>(), groupId: Id<ParticipantGroupId>() };
const example = {
  event: { id: 1, title: 'Lễ phát động phong trào Bình dân học vụ số', startsAt: at, endsAt: '2025-05-19T02:30:00.000Z' },
  venues: [{ id: 1, name: 'Hội trường UBND tỉnh', address: '16C Tôn Đức Thắng, Long Xuyên', kind: 'main' }],
  groups: [{ id: 1, name: 'Thành viên Ban Chỉ đạo', position: 1 }],
  quotas: [{ venueId: 1, groupId: 1, quota: 40, invited: 12, accepted: 9, allocated: 10 }],
  allocations: [{ id: 1, venueId: 1, groupId: 1, unit: { code: '30307', name: 'Phường Long Xuyên' }, seats: 10, named: 4 }],
};
export const InvitationsOverview = Type.Object(
  {
    event: Type.Object({ id: Id<EventId>(), title: Type.String(), startsAt: IsoTime, endsAt: IsoTime }),
    venues: Type.Array(Type.Object({ id: Id<VenueId>(), name: Type.String(), address: Type.String(), kind: Type.String() })),
    groups: Type.Array(Type.Object({ id: Id<ParticipantGroupId>(), name: Type.String(), position: Type.Integer() })),
    quotas: Type.Array(
      Type.Object({
        ...Slot,
        quota: Type.Integer(),
        invited: Type.Integer({ description: 'Seats taken: invitations neither cancelled nor declined' }),
        accepted: Type.Integer(),
        allocated: Type.Integer({ description: 'Seats handed to units (part of the quota)' }),
      }),
    ),
    allocations: Type.Array(Type.Object({ id: Type.Integer(), ...Slot, unit: Type.Object({ code: Type.String(), name: Type.String() }), seats: Type.Integer(), named: Type.Integer() })),
  },
  { examples: [example] },
);
export type InvitationsOverview = Static<typeof InvitationsOverview>;

export const GroupCreated = Type.Object({ id: Id<ParticipantGroupId>(), name: Type.String(), position: Type.Integer() }, { examples: [example.groups[0]] });

const invitationExample = {
  id: 7,
  fullName: 'Nguyễn Thị Lan',
  phone: '0900 *** 001',
  venueId: 1,
  groupId: 1,
  unit: null,
  source: 'named',
  code: 'K7M2QX',
  rsvp: 'accepted',
  createdAt: at,
  cancelledAt: null,
  remindedAt: null,
};
const InvitationItem = Type.Object({
  id: Id<InvitationId>(),
  fullName: Type.String(),
  phone: Type.String({ description: 'Masked' }),
  venueId: Id<VenueId>(),
  groupId: Nullable(Id<ParticipantGroupId>()),
  unit: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  source: Source,
  code: Type.String(),
  rsvp: Rsvp,
  createdAt: IsoTime,
  cancelledAt: Nullable(IsoTime),
  remindedAt: Nullable(IsoTime),
});
export const InvitationList = Type.Object({ invitations: Type.Array(InvitationItem) }, { examples: [{ invitations: [invitationExample] }] });
export const InvitationListQuery = Type.Object({ venueId: Type.Optional(Id<VenueId>()), groupId: Type.Optional(Id<ParticipantGroupId>()) });
export const InvitationCreated = Type.Object(
  { id: Id<InvitationId>(), code: Type.String(), created: Type.Boolean({ description: 'Whether an account was made for the phone' }) },
  { examples: [{ id: 7, code: 'K7M2QX', created: false }] },
);
export const InvitationCancelled = Type.Object({ id: Id<InvitationId>(), cancelledAt: IsoTime }, { examples: [{ id: 7, cancelledAt: at }] });
export const AllocationCreated = Type.Object({ id: Type.Integer(), seats: Type.Integer() }, { examples: [{ id: 1, seats: 10 }] });
export const RemindResult = Type.Object({ sent: Type.Integer(), skipped: Type.Integer({ description: 'Reminded within the last 12 hours' }) }, { examples: [{ sent: 95, skipped: 3 }] });

export const UnitAllocations = Type.Object(
  {
    allocations: Type.Array(
      Type.Object({
        id: Type.Integer(),
        event: Type.Object({ id: Id<EventId>(), title: Type.String(), startsAt: IsoTime }),
        venue: Type.Object({ id: Id<VenueId>(), name: Type.String() }),
        group: Type.Object({ id: Id<ParticipantGroupId>(), name: Type.String() }),
        unit: Type.Object({ code: Type.String(), name: Type.String() }),
        seats: Type.Integer(),
        people: Type.Array(Type.Object({ fullName: Type.String(), phone: Type.String({ description: 'Masked' }), rsvp: Rsvp })),
      }),
    ),
  },
  {
    examples: [
      {
        allocations: [
          {
            id: 1,
            event: example.event,
            venue: { id: 1, name: 'Hội trường UBND tỉnh' },
            group: { id: 3, name: 'Đoàn viên thanh niên' },
            unit: { code: '30307', name: 'Phường Long Xuyên' },
            seats: 10,
            people: [{ fullName: 'Nguyễn Thị Lan', phone: '0900 *** 001', rsvp: 'pending' }],
          },
        ],
      },
    ],
  },
);

export const SecretBody = Type.Object({ secret }, { additionalProperties: false, examples: [{ secret: 'q3VnX0b1tJ9yZ2k4Lm8pR5sT7uW1xY3a' }] });
export const RsvpBody = Type.Object(
  { secret, answer: Type.Union([Type.Literal('accepted'), Type.Literal('declined')]) },
  { additionalProperties: false, examples: [{ secret: 'q3VnX0b1tJ9yZ2k4Lm8pR5sT7uW1xY3a', answer: 'accepted' }] },
);

const publicExample = {
  event: { title: example.event.title, startsAt: at, endsAt: example.event.endsAt, slug: 'le-phat-dong-binh-dan-hoc-vu-so' },
  venue: { name: 'Hội trường UBND tỉnh', address: '16C Tôn Đức Thắng, Long Xuyên', streamUrl: null },
  group: 'Thành viên Ban Chỉ đạo',
  name: '*** Thị Lan',
  rsvp: 'pending',
  cancelled: false,
};
/** What the link shows anyone holding it: no phone, the family name masked. */
export const PublicInvitation = Type.Object(
  {
    event: Type.Object({ title: Type.String(), startsAt: IsoTime, endsAt: IsoTime, slug: Type.String() }),
    venue: Type.Object({ name: Type.String(), address: Type.String(), streamUrl: Nullable(Type.String()) }),
    group: Nullable(Type.String()),
    name: Type.String({ description: 'The family name masked' }),
    rsvp: Rsvp,
    cancelled: Type.Boolean(),
  },
  { examples: [publicExample] },
);
export type PublicInvitation = Static<typeof PublicInvitation>;

export const MyInvitations = Type.Object(
  {
    invitations: Type.Array(
      Type.Object({
        id: Id<InvitationId>(),
        secret: Type.String({ description: 'Of the personal QR: the link is <origin>/invite#<secret>' }),
        code: Type.String({ description: 'Typed at the door when the QR cannot be read' }),
        event: Type.Object({ title: Type.String(), startsAt: IsoTime, endsAt: IsoTime, slug: Type.String() }),
        venue: Type.Object({ name: Type.String(), address: Type.String(), streamUrl: Nullable(Type.String()) }),
        group: Nullable(Type.String()),
        rsvp: Rsvp,
      }),
    ),
  },
  { examples: [{ invitations: [{ id: 7, secret: 'q3VnX0b1tJ9yZ2k4Lm8pR5sT7uW1xY3a', code: 'K7M2QX', event: publicExample.event, venue: publicExample.venue, group: publicExample.group, rsvp: 'pending' }] }] },
);
export type MyInvitations = Static<typeof MyInvitations>;

export const PdfQuery = Type.Object({ venueId: Type.Optional(Id<VenueId>()), groupId: Type.Optional(Id<ParticipantGroupId>()) });
export const ImportQuery = Type.Object({ mode: Type.Union([Type.Literal('check'), Type.Literal('all')], { default: 'check' }) });
export const InvitationImportReport = Type.Object(
  {
    rows: Type.Integer(),
    validRows: Type.Integer(),
    problems: Type.Array(Type.Object({ row: Type.Integer({ description: '1-based, as the spreadsheet shows; 0 is the file' }), column: Nullable(Type.String()), message: Type.String() })),
    written: Type.Boolean(),
    invited: Type.Integer(),
    created: Type.Integer({ description: 'Accounts made (to be claimed by phone)' }),
  },
  { examples: [{ rows: 40, validRows: 39, problems: [{ row: 14, column: 'Nhóm', message: 'Nhóm “Khách mời” không có trong sự kiện.' }], written: false, invited: 0, created: 0 }] },
);
export type InvitationImportReport = Static<typeof InvitationImportReport>;
