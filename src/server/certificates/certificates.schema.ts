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
  verifyUrl: 'https://hoctap.angiang.gov.vn/verify/HT-7K2M-9QXD-4PLA#eyJjIjoiSFQtN0syTS05UVhELTRQTEEifQ.M2Zk4Q',
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
  verifyUrl: Type.String({ description: 'The link in the QR code: the verify page, with the signed payload after #' }),
}, { examples: [exampleCertificate] });

export const Verification = Type.Object({
  status: Type.String({ description: 'valid, revoked or unknown (from the register)' }),
  signature: Type.String({ description: 'valid, invalid (tampered or not ours) or absent (no payload given)' }),
  claims: Nullable(Type.Unknown({ description: 'What the signed payload says, when its signature is valid' })),
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
      claims: { code: 'HT-7K2M-9QXD-4PLA', name: 'Nguyễn Thị Mai', course: 'Dịch vụ công trực tuyến cho người dân', issuedOn: '2026-12-01' },
      certificate: {
        code: 'HT-7K2M-9QXD-4PLA',
        learnerName: 'Nguyễn Thị Mai',
        courseTitle: 'Dịch vụ công trực tuyến cho người dân',
        competences: ['1.1', '4.2'],
        issuedOn: '2026-12-01',
        issuerName: 'Sở Khoa học và Công nghệ tỉnh An Giang',
        revokedAt: null,
        revokedReason: null,
      },
    },
    { status: 'unknown', signature: 'absent', claims: null, certificate: null },
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

export const VerifyQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4000, description: 'The part of the QR link after #' })) });

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
