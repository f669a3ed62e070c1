import Type, { type Static } from 'typebox';
import type { AssistedSignupId, TeamId, UserId } from '../../shared/ids.js';
import { limits } from '../../shared/limits.js';
import { Id, Nullable } from '../http/schemas.js';

/** The decoded photo of a paper consent form may weigh this much; the PWA shrinks photos well below it before sending. */
export const paperPhotoMaxBytes = 4 * 1024 * 1024;
/** Base64 makes 3 bytes into 4 characters; the JSON around it is small. */
export const signupBodyMaxBytes = Math.ceil((paperPhotoMaxBytes * 4) / 3) + 16 * 1024;

const Phone = Type.String({ minLength: 1, maxLength: limits.phoneInputMaxLength, description: "The citizen's mobile, written any way: 0912345678, +84912345678, 84 912 345 678" });
const RandomId = (description: string) => Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description });

export const PhoneCheckBody = Type.Object({ phone: Phone }, { additionalProperties: false, examples: [{ phone: '0912 345 678' }] });

export const PhoneCheck = Type.Object(
  {
    phone: Type.String({ description: 'The number in E.164, as stored' }),
    exists: Type.Boolean({ description: 'The number already has an account: the sign-up will link it, never make a second one' }),
    fullName: Nullable(Type.String(), { description: "The account's name, only when the person lives in the helper's commune; null otherwise" }),
  },
  { examples: [{ phone: '+84912345678', exists: true, fullName: 'Nguyễn Thị Mai' }] },
);

export const CodeRequestBody = Type.Object({ phone: Phone }, { additionalProperties: false, examples: [{ phone: '0912 345 678' }] });

export const CodeSent = Type.Object(
  {
    codeId: Id({ description: 'Send it back with the code the citizen reads out' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { examples: [{ codeId: 41, expiresAt: '2026-12-02T09:10:00.000Z' }] },
);

export const assistedChannels = ['assisted_sms', 'assisted_paper'] as const;

export const SignupBody = Type.Object(
  {
    clientId: RandomId('Chosen by the phone for this sign-up: a retry with the same id answers the first result and creates nothing'),
    deviceId: RandomId("A random id the helper's app keeps (no personal data)"),
    phone: Phone,
    fullName: Type.String({ minLength: 1, maxLength: limits.fullNameMaxLength }),
    birthYear: Type.Integer(),
    hamletCode: Type.Optional(Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength, description: 'A hamlet (ấp, khóm) of the commune; left out for the commune as a whole' })),
    consent: Type.Object(
      {
        channel: Type.Enum(assistedChannels),
        codeId: Type.Optional(Id({ description: 'assisted_sms: the id answered when the code was sent' })),
        code: Type.Optional(Type.String({ minLength: 1, maxLength: 12, description: 'assisted_sms: the code the citizen read from their phone' })),
        photo: Type.Optional(Type.String({ minLength: 1, maxLength: signupBodyMaxBytes, description: 'assisted_paper: the photo of the signed form, JPEG or PNG, base64' })),
      },
      { additionalProperties: false, description: "The citizen's own consent and its evidence: without evidence the sign-up is refused" },
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        clientId: 'c2b1f0a4-5d7e-4e1a-9c33-1f2e3d4c5b6a',
        deviceId: 'd-7f3a9c2e4b1d',
        phone: '0912 345 678',
        fullName: 'Nguyễn Thị Mai',
        birthYear: 1958,
        hamletCode: '30307.DT',
        consent: { channel: 'assisted_sms', codeId: 41, code: '482913' },
      },
    ],
  },
);
export type SignupInput = Static<typeof SignupBody>;

export const SignupDone = Type.Object(
  {
    personId: Id<UserId>(),
    fullName: Type.String(),
    linkedExisting: Type.Boolean({ description: 'The phone already had an account: it was linked, not made again' }),
    channel: Type.Enum(assistedChannels),
    signupId: Id<AssistedSignupId>(),
    cardPage: Type.String({ description: "Where the helper prints the person's sign-in card" }),
  },
  { examples: [{ personId: 1042, fullName: 'Nguyễn Thị Mai', linkedExisting: false, channel: 'assisted_sms', signupId: 7, cardPage: '/helper/cards?person=1042' }] },
);
export type SignupAnswer = Static<typeof SignupDone>;

export const SignupForm = Type.Object(
  {
    unit: Type.Object({ code: Type.String(), name: Type.String(), fullName: Type.String() }),
    team: Type.Object({ id: Id<TeamId>(), name: Type.String() }),
    hamlets: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  },
  {
    examples: [
      {
        unit: { code: '30307', name: 'Long Xuyên', fullName: 'Phường Long Xuyên' },
        team: { id: 3, name: 'Tổ công nghệ số cộng đồng khóm Đông Thịnh' },
        hamlets: [{ code: '30307.DT', name: 'Khóm Đông Thịnh' }],
      },
    ],
  },
);

export const SignupIdParams = Type.Object({ id: Id<AssistedSignupId>() });
