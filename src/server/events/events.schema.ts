import Type, { type Static } from 'typebox';
import { eventModes, eventStatuses, venueKinds } from '../../shared/events.js';
import type { AgendaItemId, EventId, VenueId } from '../../shared/ids.js';
import { limits } from '../../shared/limits.js';
import { FileResponse, Id, Int32, IsoTime, Nullable, UnitRef } from '../http/schemas.js';

export const eventLimits = { titleMax: 200, descriptionMax: 20_000, nameMax: 200, addressMax: 300, contentMax: 1_000, urlMax: 500, durationMax: 24 * 60, capacityMax: 1_000_000 } as const;

const province = { code: '91', name: 'An Giang', fullName: 'Tỉnh An Giang', kind: 'province' };
const title = 'Lễ phát động phong trào “Bình dân học vụ số” và ra mắt ứng dụng hỗ trợ “Học tập suốt đời”';
const slug = 'le-phat-dong-binh-dan-hoc-vu-so';

export const EventIdParams = Type.Object({ id: Id<EventId>() });
export const VenueParams = Type.Object({ id: Id<EventId>(), venueId: Id<VenueId>() });
export const AgendaItemParams = Type.Object({ id: Id<EventId>(), itemId: Id<AgendaItemId>() });
export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,100}$' }) });

const ModeSchema = Type.Enum(eventModes);
const StatusSchema = Type.Enum(eventStatuses);

const exampleEvent = {
  id: 1,
  slug,
  title,
  description: 'Chào mừng kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh.',
  startsAt: '2025-05-19T00:30:00.000Z',
  endsAt: '2025-05-19T02:30:00.000Z',
  mode: 'hybrid',
  status: 'published',
  unit: province,
  imageMediaId: null,
  imageUrl: null,
  nextStatus: 'live',
  createdAt: '2025-05-15T02:00:00.000Z',
  updatedAt: '2025-05-15T02:00:00.000Z',
};

export const EventDetail = Type.Object(
  {
    id: Id<EventId>(),
    slug: Type.String({ description: 'The public page is /events/<slug>' }),
    title: Type.String(),
    description: Type.String({ description: 'Markdown' }),
    startsAt: IsoTime,
    endsAt: IsoTime,
    mode: ModeSchema,
    status: StatusSchema,
    unit: UnitRef,
    imageMediaId: Nullable(Type.Integer()),
    imageUrl: Nullable(Type.String()),
    nextStatus: Nullable(StatusSchema, { description: 'The one status it may move to next; null once ended' }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  },
  { examples: [exampleEvent] },
);
export type EventDetail = Static<typeof EventDetail>;

export const EventList = Type.Object({ events: Type.Array(EventDetail) }, { examples: [{ events: [exampleEvent] }] });

const eventFields = {
  title: Type.String({ minLength: 1, maxLength: eventLimits.titleMax }),
  description: Type.String({ maxLength: eventLimits.descriptionMax, description: 'Markdown' }),
  startsAt: IsoTime,
  endsAt: IsoTime,
  mode: ModeSchema,
  imageMediaId: Nullable(Id(), { description: 'An image of the media library' }),
};

export const NewEventBody = Type.Object(
  { ...eventFields, description: Type.Optional(eventFields.description), imageMediaId: Type.Optional(eventFields.imageMediaId) },
  { additionalProperties: false, examples: [{ title, startsAt: '2025-05-19T00:30:00.000Z', endsAt: '2025-05-19T02:30:00.000Z', mode: 'hybrid' }] },
);
export type NewEventBody = Static<typeof NewEventBody>;

export const EventPatchBody = Type.Partial(Type.Object(eventFields), { additionalProperties: false, examples: [{ title: 'Lễ phát động (điều chỉnh)' }] });
export type EventPatchBody = Static<typeof EventPatchBody>;

export const StatusBody = Type.Object({ status: StatusSchema }, { additionalProperties: false, examples: [{ status: 'published' }] });

// ----------------------------------------------------------------------------- venues

const exampleVenue = {
  id: 1,
  kind: 'main',
  name: 'Hội trường UBND tỉnh',
  address: '16C Tôn Đức Thắng, phường Long Xuyên, tỉnh An Giang',
  unit: province,
  capacity: 140,
  contactName: 'Huỳnh Quốc Bảo',
  contactPhone: '0900 000 006',
  streamUrl: 'https://meet.angiang.gov.vn/le-phat-dong',
  position: 1,
  retiredAt: null,
};

export const Venue = Type.Object({
  id: Id<VenueId>(),
  kind: Type.Enum(venueKinds),
  name: Type.String(),
  address: Type.String(),
  unit: Nullable(UnitRef),
  capacity: Nullable(Type.Integer()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: 'National form: 0912 345 678' })),
  streamUrl: Nullable(Type.String()),
  position: Type.Integer(),
  retiredAt: Nullable(IsoTime),
});
export type Venue = Static<typeof Venue>;

export const VenueList = Type.Object({ venues: Type.Array(Venue) }, { examples: [{ venues: [exampleVenue] }] });

const venueFields = {
  kind: Type.Enum(venueKinds),
  name: Type.String({ minLength: 1, maxLength: eventLimits.nameMax }),
  address: Type.String({ maxLength: eventLimits.addressMax }),
  unitCode: Nullable(Type.String({ maxLength: limits.unitCodeMaxLength }), { description: 'The unit hosting it, within your reach' }),
  capacity: Nullable(Int32({ minimum: 1, maximum: eventLimits.capacityMax })),
  contactName: Nullable(Type.String({ maxLength: limits.fullNameMaxLength })),
  contactPhone: Nullable(Type.String({ maxLength: limits.phoneInputMaxLength, description: 'A mobile number in any usual writing' })),
  streamUrl: Nullable(Type.String({ maxLength: eventLimits.urlMax, description: 'http or https' })),
};

export const NewVenueBody = Type.Object(
  {
    kind: venueFields.kind,
    name: venueFields.name,
    address: Type.Optional(venueFields.address),
    unitCode: Type.Optional(venueFields.unitCode),
    capacity: Type.Optional(venueFields.capacity),
    contactName: Type.Optional(venueFields.contactName),
    contactPhone: Type.Optional(venueFields.contactPhone),
    streamUrl: Type.Optional(venueFields.streamUrl),
  },
  { additionalProperties: false, examples: [{ kind: 'main', name: 'Hội trường UBND tỉnh', address: '16C Tôn Đức Thắng, Long Xuyên', capacity: 140, contactPhone: '0900 000 006' }] },
);
export type NewVenueBody = Static<typeof NewVenueBody>;

export const VenuePatchBody = Type.Partial(Type.Object(venueFields), { additionalProperties: false, examples: [{ capacity: 150 }] });
export type VenuePatchBody = Static<typeof VenuePatchBody>;

export const BridgeSitesBody = Type.Object(
  { unitCode: Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength, description: 'A unit within your reach: every current commune, ward and special zone under it gets a bridge site' }) },
  { additionalProperties: false, examples: [{ unitCode: '91' }] },
);

export const BridgeSitesAdded = Type.Object(
  { added: Type.Integer({ description: 'Bridge sites added now; communes that had one are skipped' }), venues: Type.Array(Venue) },
  { examples: [{ added: 102, venues: [exampleVenue] }] },
);

const orderOf = <T extends number>() =>
  Type.Object(
    { ids: Type.Array(Id<T>(), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'Every id of the list, in the new order' }) },
    { additionalProperties: false, examples: [{ ids: [3, 1, 2] }] },
  );
export const VenueOrderBody = orderOf<VenueId>();
export const AgendaOrderBody = orderOf<AgendaItemId>();

// ----------------------------------------------------------------------------- programme

const exampleItem = {
  id: 1,
  position: 1,
  startsAt: '2025-05-19T00:30:00.000Z',
  durationMinutes: 30,
  content: 'Đón tiếp đại biểu; chiếu clip hướng dẫn cài đặt ứng dụng SmartAnGiang',
  responsibleUnit: null,
  responsibleName: 'Sở Khoa học và Công nghệ; Viễn thông An Giang',
  mediaId: null,
};

export const AgendaItem = Type.Object({
  id: Id<AgendaItemId>(),
  position: Type.Integer(),
  startsAt: IsoTime,
  durationMinutes: Type.Integer(),
  content: Type.String(),
  responsibleUnit: Nullable(UnitRef),
  responsibleName: Nullable(Type.String()),
  mediaId: Nullable(Type.Integer()),
});

const WarningKind = Type.Enum(['overlaps_next', 'runs_past_end', 'starts_before_event']);
export type AgendaWarningKind = Static<typeof WarningKind>;

export const Programme = Type.Object(
  {
    items: Type.Array(AgendaItem),
    warnings: Type.Array(Type.Object({ itemId: Id<AgendaItemId>(), kind: WarningKind, message: Type.String() }), {
      description: 'Not refusals: items that overlap the next one, run past the end of the event or start before it',
    }),
  },
  { examples: [{ items: [exampleItem], warnings: [] }] },
);
export type Programme = Static<typeof Programme>;

const itemFields = {
  startsAt: IsoTime,
  durationMinutes: Int32({ minimum: 1, maximum: eventLimits.durationMax }),
  content: Type.String({ minLength: 1, maxLength: eventLimits.contentMax }),
  responsibleUnitCode: Nullable(Type.String({ maxLength: limits.unitCodeMaxLength })),
  responsibleName: Nullable(Type.String({ maxLength: eventLimits.nameMax })),
  mediaId: Nullable(Id(), { description: 'A clip or picture of the media library' }),
};

export const NewAgendaItemBody = Type.Object(
  {
    startsAt: itemFields.startsAt,
    durationMinutes: itemFields.durationMinutes,
    content: itemFields.content,
    responsibleUnitCode: Type.Optional(itemFields.responsibleUnitCode),
    responsibleName: Type.Optional(itemFields.responsibleName),
    mediaId: Type.Optional(itemFields.mediaId),
  },
  { additionalProperties: false, examples: [{ startsAt: '2025-05-19T01:00:00.000Z', durationMinutes: 20, content: 'Văn nghệ chào mừng', responsibleName: 'Sở Văn hóa, Thể thao và Du lịch' }] },
);
export type NewAgendaItemBody = Static<typeof NewAgendaItemBody>;

export const AgendaItemPatchBody = Type.Partial(Type.Object(itemFields), { additionalProperties: false, examples: [{ durationMinutes: 15 }] });
export type AgendaItemPatchBody = Static<typeof AgendaItemPatchBody>;

// ----------------------------------------------------------------------------- the public page

const PublicItem = Type.Object({ startsAt: IsoTime, durationMinutes: Type.Integer(), content: Type.String(), responsible: Type.String() });
const examplePublicItem = { startsAt: exampleItem.startsAt, durationMinutes: 30, content: exampleItem.content, responsible: exampleItem.responsibleName };

export const PublicEvent = Type.Object(
  {
    slug: Type.String(),
    title: Type.String(),
    description: Type.String({ description: 'Markdown' }),
    startsAt: IsoTime,
    endsAt: IsoTime,
    mode: ModeSchema,
    status: StatusSchema,
    organiser: Type.String({ description: 'The organiser unit' }),
    imageUrl: Nullable(Type.String()),
    venues: Type.Array(Type.Object({ kind: Type.Enum(venueKinds), name: Type.String(), address: Type.String(), streamUrl: Nullable(Type.String()) }), { description: 'No contact details' }),
    programme: Type.Array(PublicItem),
    now: Nullable(PublicItem, { description: 'The item running on the server clock' }),
    next: Nullable(PublicItem),
    serverTime: IsoTime,
  },
  {
    examples: [
      {
        slug,
        title,
        description: '',
        startsAt: exampleEvent.startsAt,
        endsAt: exampleEvent.endsAt,
        mode: 'hybrid',
        status: 'published',
        organiser: 'Tỉnh An Giang',
        imageUrl: null,
        venues: [{ kind: 'main', name: exampleVenue.name, address: exampleVenue.address, streamUrl: exampleVenue.streamUrl }],
        programme: [examplePublicItem],
        now: examplePublicItem,
        next: null,
        serverTime: '2025-05-19T00:40:00.000Z',
      },
    ],
  },
);
export type PublicEvent = Static<typeof PublicEvent>;

export const ProgrammePdf = Type.Unsafe<Uint8Array>(FileResponse('application/pdf', 'The printable programme'));
