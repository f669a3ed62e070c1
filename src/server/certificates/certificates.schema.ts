import Type from 'typebox';
import { IsoTime, Nullable } from '../http/schemas.js';

export const CodeParams = Type.Object({ code: Type.String({ pattern: '^HT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$' }) });

const exampleCertificate = {
  code: 'HT-7K2M-9QXD-4PLA',
  learnerName: 'Nguyễn Thị Mai',
  courseId: 12,
  courseTitle: 'Dịch vụ công trực tuyến cho người dân',
  competences: ['1.1', '4.2'],
  issuedAt: '2026-12-01T02:09:41.000Z',
  issuedOn: '2026-12-01',
  issuer: { name: 'Sở Khoa học và Công nghệ tỉnh An Giang', signatoryName: 'Trần Quốc Bảo', signatoryTitle: 'Giám đốc' },
  status: 'valid',
  revokedAt: null,
  revokedReason: null,
  verifyUrl: 'https://hoctap.angiang.gov.vn/verify/HT-7K2M-9QXD-4PLA#Qm3xT0pZ8kVa',
};

export const Certificate = Type.Object({
  code: Type.String(),
  learnerName: Type.String(),
  courseId: Type.Integer(),
  courseTitle: Type.String(),
  competences: Type.Array(Type.String()),
  issuedAt: IsoTime,
  issuedOn: Type.String({ description: 'YYYY-MM-DD, Vietnam time' }),
  issuer: Type.Object({ name: Type.String(), signatoryName: Type.String(), signatoryTitle: Type.String() }),
  status: Type.String({ description: 'valid or revoked' }),
  revokedAt: Nullable(IsoTime),
  revokedReason: Nullable(Type.String()),
  verifyUrl: Type.String({ description: 'The link in the QR code: the verify page, with a short tag of the code after #' }),
}, { examples: [exampleCertificate] });

export const Verification = Type.Object({
  status: Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('unknown'), Type.Literal('invalid')], {
    description:
      'valid or revoked (from the register), unknown (no such code), or invalid: the token given does not check out for this code (altered, or not ours), whatever the register says',
  }),
  signature: Type.Union([Type.Literal('valid'), Type.Literal('invalid'), Type.Literal('absent')], {
    description: 'valid, invalid (altered or not ours) or absent (no token given: a code typed by hand)',
  }),
  claims: Nullable(Type.Unknown({ description: 'What the signed payload of an older (long) QR link says, when its signature is valid; null for short links' })),
  certificate: Nullable(
    Type.Object({
      code: Type.String(),
      learnerName: Type.String(),
      courseTitle: Type.String(),
      competences: Type.Array(Type.String()),
      issuedOn: Type.String(),
      issuerName: Type.String(),
      revokedAt: Nullable(IsoTime),
      revokedReason: Nullable(Type.String()),
    }),
  ),
}, {
  examples: [
    {
      status: 'valid',
      signature: 'valid',
      claims: null,
      certificate: {
        code: 'HT-7K3Q-9XW2-M4PD',
        learnerName: 'Nguyễn Thị Hồng Nhung',
        courseTitle: 'Kỹ năng số cơ bản',
        competences: ['1.1'],
        issuedOn: '2026-11-24',
        issuerName: 'Sở Giáo dục và Đào tạo tỉnh An Giang',
        revokedAt: null,
        revokedReason: null,
      },
    },
    { status: 'invalid', signature: 'invalid', claims: null, certificate: null },
  ],
});

export const IssuerSettings = Type.Object(
  {
    issuer: Type.String({ minLength: 1, maxLength: 200 }),
    signatoryName: Type.String({ maxLength: 100 }),
    signatoryTitle: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false, examples: [{ issuer: 'Sở Khoa học và Công nghệ tỉnh An Giang', signatoryName: 'Trần Quốc Bảo', signatoryTitle: 'Giám đốc' }] },
);

export const CertificateList = Type.Object({ certificates: Type.Array(Certificate) }, { examples: [{ certificates: [exampleCertificate] }] });

export const VerifyQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 4000, description: 'The part of the QR link after #: a 12-character tag, or payload.signature on links printed before' })),
});

export const StatusListParams = Type.Object({ list: Type.Integer({ minimum: 0, maximum: 1_000_000 }) });

export const RevokeBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false, examples: [{ reason: 'Cấp nhầm: học viên làm bài hộ người khác.' }] },
);

/** The platform's public keys as a JWK set (RFC 7517), with the multibase form Data Integrity proofs name. */
export const KeySet = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.String(),
      crv: Type.String(),
      x: Type.String(),
      kid: Type.String(),
      alg: Type.String(),
      use: Type.String(),
      publicKeyMultibase: Type.String(),
    }),
  ),
}, {
  examples: [
    {
      keys: [
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
          kid: 'hoctap-2026-1',
          alg: 'EdDSA',
          use: 'sig',
          publicKeyMultibase: 'z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH',
        },
      ],
    },
  ],
});
