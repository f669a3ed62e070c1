import Type, { type Static } from 'typebox';
import { limits } from '../../shared/limits.js';

export const ProviderLink = Type.Object({
  id: Type.String({ description: 'The provider’s name in addresses and settings (OIDC_PROVIDERS)' }),
  name: Type.String({ description: 'Display name for the button: "Đăng nhập bằng {name}"' }),
  startUrl: Type.String({ description: 'Open it (a full-page navigation) to sign in; add &next=/lessons/42 to land there, &prompt=none for a silent sign-in' }),
});
export type ProviderLink = Static<typeof ProviderLink>;

export const ProviderList = Type.Array(ProviderLink, {
  examples: [[{ id: 'smartangiang', name: 'SmartAnGiang', startUrl: '/api/auth/oidc/start?provider=smartangiang' }]],
});

export const StartQuery = Type.Object(
  {
    provider: Type.String({ minLength: 1, maxLength: 40, description: 'Which provider (see GET /api/auth/oidc/providers)' }),
    next: Type.Optional(Type.String({ maxLength: 600, description: 'Same-origin path to open after sign-in, e.g. /lessons/42; anything else is ignored' })),
    prompt: Type.Optional(Type.Literal('none', { description: 'Silent sign-in: succeeds only if the person already has a session at the provider, otherwise returns to the sign-in page without an error' })),
  },
  { additionalProperties: false },
);

export const AdminTestQuery = Type.Object({ provider: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });

export const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2000 })),
    state: Type.Optional(Type.String({ maxLength: 500 })),
    iss: Type.Optional(Type.String({ maxLength: 500 })),
    session_state: Type.Optional(Type.String({ maxLength: 500 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const Redirect = Type.Null({ description: 'A redirect (302): the Location header says where the browser goes next', examples: [null] });

export const PendingSignIn = Type.Object(
  {
    provider: Type.Object({ id: Type.String(), name: Type.String() }),
    fullName: Type.String({ description: 'The name the provider gave (may be empty): a suggestion the person may correct' }),
    phoneVerified: Type.Boolean({ description: 'true: completing creates an account with the provider-verified phone; false: the person must sign in with an existing account’s phone and password to link it' }),
    returnPath: Type.String(),
  },
  { examples: [{ provider: { id: 'smartangiang', name: 'SmartAnGiang' }, fullName: 'Nguyễn Thị Lan', phoneVerified: true, returnPath: '/lessons/42' }] },
);
export type PendingSignIn = Static<typeof PendingSignIn>;

/** Consent: only the JSON boolean true counts (see auth.schema.ts for why it has no type). */
export const CompleteBody = Type.Object(
  {
    fullName: Type.String({ minLength: 1, maxLength: limits.fullNameMaxLength }),
    birthYear: Type.Integer(),
    unitCode: Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength, description: 'Code of the commune, ward or special zone where the person lives' }),
    consent: Type.Optional(Type.Unsafe<unknown>({ description: 'Must be true: the person accepts the personal data notice (never pre-ticked). Only the JSON boolean true counts.' })),
  },
  { additionalProperties: false, examples: [{ fullName: 'Nguyễn Thị Lan', birthYear: 1968, unitCode: '30307', consent: true }] },
);

export const LinkBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: limits.phoneInputMaxLength }),
    password: Type.String({ minLength: 1, maxLength: limits.passwordMaxLength }),
  },
  { additionalProperties: false, examples: [{ phone: '0912345678', password: 'lua-thom-mua-moi' }] },
);

export const SignedOut = Type.Object(
  {
    endSessionUrl: Type.Union([Type.String(), Type.Null()], {
      description: 'For a session begun at a provider that supports RP-initiated logout: open it to sign out there too (offered, not forced)',
    }),
  },
  { examples: [{ endSessionUrl: 'https://id.smartangiang.vn/session/end?client_id=hoctap&post_logout_redirect_uri=https%3A%2F%2Fhoctap.angiang.gov.vn%2F' }, { endSessionUrl: null }] },
);

export const AdminProvider = Type.Object({
  id: Type.String(),
  name: Type.String(),
  issuer: Type.String(),
  clientId: Type.String(),
  scopes: Type.Array(Type.String()),
  redirectUri: Type.String({ description: 'The address to register at the provider' }),
  discovery: Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('failed')]), message: Type.Union([Type.String(), Type.Null()]) }),
});
export type AdminProvider = Static<typeof AdminProvider>;

export const AdminProviderList = Type.Array(AdminProvider, {
  examples: [
    [
      {
        id: 'smartangiang',
        name: 'SmartAnGiang',
        issuer: 'https://id.smartangiang.vn',
        clientId: 'hoctap',
        scopes: ['openid', 'profile', 'phone'],
        redirectUri: 'https://hoctap.angiang.gov.vn/api/auth/oidc/callback',
        discovery: { status: 'ok', message: null },
      },
    ],
  ],
});

export const TestResultQuery = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

const Claims = Type.Record(Type.String(), Type.Unknown());
export const TestSignIn = Type.Object(
  {
    provider: Type.Object({ id: Type.String(), name: Type.String() }),
    idToken: Claims,
    userInfo: Type.Union([Claims, Type.Null()]),
  },
  {
    examples: [
      {
        provider: { id: 'smartangiang', name: 'SmartAnGiang' },
        idToken: { iss: 'https://id.smartangiang.vn', sub: '248289761001', aud: 'hoctap', exp: 1796004000, iat: 1796000400 },
        userInfo: { sub: '248289761001', name: 'Đặng Hoàng Nam', phone_number: '+84900000007', phone_number_verified: true },
      },
    ],
  },
);
export type TestSignIn = Static<typeof TestSignIn>;
