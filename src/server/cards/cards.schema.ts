import Type, { type Static } from 'typebox';
import { limits } from '../../shared/limits.js';
import type { UserId } from '../../shared/ids.js';
import { FileResponse, Id, Int32, IsoTime, Nullable } from '../http/schemas.js';

/** What the card's QR carries after `/the#`: 32 base64url characters (192 random bits). */
const Secret = Type.String({ minLength: 1, maxLength: 100, description: 'The secret from the card: what follows /the# in the URL its QR code holds' });
/**
 * A random id the PWA keeps for itself in local storage (not personal data): a manager's review compares the
 * devices a person's card signs in on with the helper's own.
 */
const DeviceId = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'A random id the app keeps on this device' });

export const CardSignInBody = Type.Object(
  { secret: Secret, deviceId: DeviceId },
  { additionalProperties: false, examples: [{ secret: 'q2N8d0fT3xWm1bY7kLr5aZ9cVh4sJp6E', deviceId: 'f3b9c2d84a1e47d6' }] },
);

export const CardCodeSignInBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: limits.phoneInputMaxLength, description: 'Vietnamese mobile: 0912345678, +84912345678 or 84 912 345 678' }),
    code: Type.String({ minLength: 1, maxLength: 20, description: 'The short code printed on the card, e.g. K7QM-3XPA (case, spaces and dashes do not matter)' }),
    deviceId: DeviceId,
  },
  { additionalProperties: false, examples: [{ phone: '0912 345 678', code: 'K7QM-3XPA', deviceId: 'f3b9c2d84a1e47d6' }] },
);

export const CardPeekBody = Type.Object({ secret: Secret }, { additionalProperties: false, examples: [{ secret: 'q2N8d0fT3xWm1bY7kLr5aZ9cVh4sJp6E' }] });

export const CardHolder = Type.Object(
  {
    fullName: Type.String({ description: 'The name of the person the card belongs to' }),
    you: Type.Boolean({ description: 'Whether the card is the signed-in person’s own (nothing to switch)' }),
  },
  { examples: [{ fullName: 'Nguyễn Thị Lan', you: false }] },
);

export const CardLayoutSchema = Type.Enum(['a6', 'a4'], { description: 'a6: one card per page; a4: up to 8 cards per page, with cut marks' });
export type CardLayout = Static<typeof CardLayoutSchema>;

export const PrintCardsBody = Type.Object(
  {
    userIds: Type.Array(Id<UserId>(), { minItems: 1, maxItems: limits.cardsPerPrint, uniqueItems: true, description: 'The people to print a card for: each must live in the unit or below it' }),
    layout: CardLayoutSchema,
  },
  { additionalProperties: false, examples: [{ userIds: [1024, 1025], layout: 'a4' }] },
);

export const PrintMyCardBody = Type.Object({ layout: CardLayoutSchema }, { additionalProperties: false, examples: [{ layout: 'a6' }] });

/** The PDF of the cards. A TypeBox schema (not a plain object) so that the PWA's endpoint map can name it (api.ts downloadFile). */
export const CardsPdf = Type.Unsafe<Uint8Array>(FileResponse('application/pdf', 'The printable cards (PDF); every earlier card of these people no longer works'));

export const CardPersonParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength }), userId: Id<UserId>() });

export const CardPeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 120, description: 'A phone number (any writing) or part of a name' })),
    person: Type.Optional(Id<UserId>({ description: 'One person by id (the assisted sign-up links here)' })),
  },
  { additionalProperties: false },
);

const CardState = Type.Object({
  issuedAt: IsoTime,
  lastUsedAt: Nullable(IsoTime),
});

export const CardPerson = Type.Object({
  id: Id<UserId>(),
  fullName: Type.String(),
  phone: Type.String({ description: 'Masked: 0912 *** 678' }),
  birthYear: Int32(),
  place: Type.String({ description: 'The hamlet, commune or ward the person lives in' }),
  card: Nullable(CardState, { description: 'The live card, if any' }),
  printable: Type.Boolean({ description: 'False for an account whose owner has not yet agreed to anything themselves (made from a members list): sign them up with consent first' }),
});

export const CardPeople = Type.Object(
  { people: Type.Array(CardPerson) },
  {
    examples: [
      {
        people: [
          { id: 1024, fullName: 'Nguyễn Thị Lan', phone: '0900 *** 001', birthYear: 1968, place: 'Khóm Đông Thịnh 1', card: { issuedAt: '2026-12-02T02:15:00.000Z', lastUsedAt: null }, printable: true },
        ],
      },
    ],
  },
);

export const MyCard = Type.Object(
  { card: Nullable(CardState), hasPassword: Type.Boolean({ description: 'False for a person who signs in only with a card or an identity provider: they may set a password without a current one' }) },
  { examples: [{ card: { issuedAt: '2026-12-02T02:15:00.000Z', lastUsedAt: '2026-12-02T03:00:00.000Z' }, hasPassword: false }] },
);
