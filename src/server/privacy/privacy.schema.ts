import Type, { type Static } from 'typebox';
import { limits } from '../../shared/limits.js';
import { consentPurposes, privacyRequestKinds } from '../../shared/privacy.js';
import { Id, IsoTime, Nullable } from '../http/schemas.js';

export const PersonalDataExport = Type.Object({
  exportedAt: Type.String({ format: 'date-time' }),
  noticeVersion: Type.String(),
  tables: Type.Record(Type.String(), Type.Array(Type.Unknown()), { description: 'Rows about me, table by table' }),
}, {
  examples: [
    {
      exportedAt: '2026-12-02T08:30:00.000Z',
      noticeVersion: '2026-11-24',
      tables: {
        users: [{ id: 1024, phone: '+84912345678', fullName: 'Nguyễn Thị Mai', birthYear: 1968, unitCode: '30292' }],
        lesson_progress: [{ lessonId: 42, status: 'completed', completedAt: '2026-11-30T01:20:00.000Z' }],
      },
    },
  ],
});
export type PersonalDataExportAnswer = Static<typeof PersonalDataExport>;

export const ConsentPurposeSchema = Type.Enum(consentPurposes, { description: 'account: needed to hold the account (withdrawing it erases the account); updates: texts about new courses and campaigns (optional)' });
const RequestKindSchema = Type.Enum(privacyRequestKinds);

const ConsentEvent = Type.Object({
  purpose: ConsentPurposeSchema,
  event: Type.Enum(['given', 'withdrawn'] as const),
  at: IsoTime,
  channel: Type.String({ description: 'How: self_web, self_claim, self_oidc, assisted_sms, assisted_paper, door_sms, demo_seed (given); self_web, on_behalf_sms, erasure (withdrawn)' }),
  byHelper: Nullable(Type.String(), { description: 'The name of the helper or manager who took or withdrew it for the person; null when the person acted themselves' }),
  evidence: Nullable(Type.String(), { description: 'What proves it was the person’s own decision: a texted code, a signed paper form' }),
  noticeVersion: Type.String(),
});

export const MyConsents = Type.Object(
  {
    purposes: Type.Array(Type.Object({ purpose: ConsentPurposeSchema, essential: Type.Boolean(), given: Type.Boolean() })),
    history: Type.Array(ConsentEvent, { description: 'Oldest first' }),
    hasPassword: Type.Boolean({ description: 'False for an account without a password: withdrawing the essential consent or deleting the account then takes a texted code' }),
  },
  {
    examples: [
      {
        purposes: [
          { purpose: 'account', essential: true, given: true },
          { purpose: 'updates', essential: false, given: false },
        ],
        history: [{ purpose: 'account', event: 'given', at: '2026-11-24T02:15:00.000Z', channel: 'assisted_sms', byHelper: 'Trần Văn Hỗ Trợ', evidence: 'sms_code', noticeVersion: '2026-11-24' }],
        hasPassword: true,
      },
    ],
  },
);
export type MyConsentsAnswer = Static<typeof MyConsents>;

export const GiveConsentBody = Type.Object({ purpose: ConsentPurposeSchema }, { additionalProperties: false, examples: [{ purpose: 'updates' }] });

const Confirmation = {
  password: Type.Optional(Type.String({ minLength: 1, maxLength: limits.passwordMaxLength, description: 'The account’s password' })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 12, description: 'For an account without a password: the code texted by POST /api/me/confirmation-code' })),
};

export const WithdrawConsentBody = Type.Object(
  { purpose: ConsentPurposeSchema, ...Confirmation },
  { additionalProperties: false, examples: [{ purpose: 'updates' }, { purpose: 'account', password: 'lua-thom-mua-moi' }] },
);

export const AccountDeletionBody = Type.Object(Confirmation, { additionalProperties: false, examples: [{ password: 'lua-thom-mua-moi' }, { code: '482913' }] });

export const ConfirmationCodeSent = Type.Object({ expiresAt: IsoTime }, { examples: [{ expiresAt: '2026-12-02T08:40:00.000Z' }] });

export const PrivacyRequestBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 32, description: 'The person’s phone, any usual format' }),
    kind: RequestKindSchema,
    purpose: Type.Optional(ConsentPurposeSchema),
  },
  { additionalProperties: false, examples: [{ phone: '0912 345 678', kind: 'withdraw', purpose: 'updates' }] },
);

export const PrivacyRequestParams = Type.Object({ id: Id() });

export const PrivacyRequestCodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 12 }) }, { additionalProperties: false, examples: [{ code: '482913' }] });

const RequestStatus = Type.Enum(['pending', 'done', 'expired'] as const);

const requestFields = {
  id: Type.Integer(),
  fullName: Type.String(),
  kind: RequestKindSchema,
  purpose: Nullable(ConsentPurposeSchema),
  status: RequestStatus,
  createdAt: IsoTime,
  confirmedAt: Nullable(IsoTime),
};

export const PrivacyRequestAnswer = Type.Object(
  { ...requestFields, export: Type.Optional(PersonalDataExport) },
  { examples: [{ id: 7, fullName: 'Nguyễn Thị Mai', kind: 'withdraw', purpose: 'updates', status: 'pending', createdAt: '2026-12-02T08:30:00.000Z', confirmedAt: null }] },
);
export type PrivacyRequestAnswerShape = Static<typeof PrivacyRequestAnswer>;

export const PrivacyRequestList = Type.Object(
  { requests: Type.Array(Type.Object(requestFields)) },
  { examples: [{ requests: [{ id: 7, fullName: 'Nguyễn Thị Mai', kind: 'withdraw', purpose: 'updates', status: 'done', createdAt: '2026-12-02T08:30:00.000Z', confirmedAt: '2026-12-02T08:32:00.000Z' }] }] },
);
