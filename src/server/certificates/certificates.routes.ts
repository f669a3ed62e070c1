import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { type Config, publicOrigin } from '../config.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, Nullable, FileResponse } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { competenceNamesVi } from '../competences/competences.service.js';
import { certificateFace } from './certificate-face.js';
import type { CertificateRenderer } from './certificate-renderer.js';
import { Certificate, CertificateList, CodeParams, IssuerSettings, KeySet, RevokeBody, StatusListParams, Verification, VerifyQuery } from './certificates.schema.js';
import { statusListCredential } from './certificate-status.js';
import {
  type CertificateSigner,
  certificateFor,
  issuerSettingsOf,
  myCertificates,
  presentCertificate,
  revokeCertificate,
  setIssuerSettings,
  statusListOf,
  verifyCertificate,
} from './certificates.service.js';
import { keysPath, openBadgeCredential } from './open-badge.js';

// The credential goes out as signed text (the signature covers its exact bytes): declared by its type, never re-serialized.
const OpenBadgeResponse: { description: string; content: Record<string, { schema: object; example: object }> } = {
  description: 'Open Badges 3.0 credential (W3C Verifiable Credential with a DataIntegrityProof)',
  content: {
    'application/vc+ld+json': {
      schema: {
        type: 'object',
        required: ['@context', 'type', 'id', 'proof'],
        properties: { '@context': { type: 'array', items: { type: 'string' } }, type: { type: 'array', items: { type: 'string' } }, id: { type: 'string' }, proof: { type: 'object' } },
      },
      // On the media type: @fastify/swagger passes a response's own content through as it is.
      example: {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: 'https://hoctap.angiang.gov.vn/verify/HT-7K2M-9QXD-4PLA',
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        name: 'Dịch vụ công trực tuyến cho người dân',
        issuer: { id: 'https://hoctap.angiang.gov.vn/', type: ['Profile'], name: 'Sở Khoa học và Công nghệ tỉnh An Giang' },
        validFrom: '2026-12-01T02:09:41Z',
        credentialSubject: {
          type: ['AchievementSubject'],
          name: 'Nguyễn Thị Mai',
          achievement: { id: 'https://hoctap.angiang.gov.vn/courses/12', type: ['Achievement'], achievementType: 'Certificate', name: 'Dịch vụ công trực tuyến cho người dân' },
        },
        proof: {
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-jcs-2022',
          created: '2026-12-01T02:09:41Z',
          verificationMethod: 'https://hoctap.angiang.gov.vn/.well-known/hoctap-certificate-keys.json#hoctap-2026-1',
          proofPurpose: 'assertionMethod',
          proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UAUL5n2Brbx',
        },
      },
    },
  },
};
const StatusListResponse: { description: string; content: Record<string, { schema: object; example: object }> } = {
  description: 'W3C Bitstring Status List v1.0 credential (revocation), signed with a DataIntegrityProof (eddsa-jcs-2022)',
  content: {
    'application/vc+ld+json': {
      schema: {
        type: 'object',
        required: ['@context', 'id', 'type', 'issuer', 'validFrom', 'credentialSubject', 'proof'],
        properties: {
          '@context': { type: 'array', items: { type: 'string' } },
          id: { type: 'string' },
          type: { type: 'array', items: { type: 'string' } },
          issuer: { type: 'string' },
          validFrom: { type: 'string' },
          credentialSubject: {
            type: 'object',
            required: ['id', 'type', 'statusPurpose', 'encodedList'],
            properties: { id: { type: 'string' }, type: { type: 'string' }, statusPurpose: { type: 'string' }, encodedList: { type: 'string' } },
          },
          proof: { type: 'array', items: { type: 'object' } },
        },
      },
      example: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: 'https://hoctap.angiang.gov.vn/api/certificate-status/0',
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: 'https://hoctap.angiang.gov.vn/',
        validFrom: '2026-12-02T03:00:00Z',
        credentialSubject: {
          id: 'https://hoctap.angiang.gov.vn/api/certificate-status/0#list',
          type: 'BitstringStatusList',
          statusPurpose: 'revocation',
          encodedList: 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA',
        },
        proof: [
          {
            type: 'DataIntegrityProof',
            cryptosuite: 'eddsa-jcs-2022',
            created: '2026-12-02T03:00:00Z',
            verificationMethod: 'https://hoctap.angiang.gov.vn/.well-known/hoctap-certificate-keys.json#Xq1cZ0kT3bLwVnYp',
            proofPurpose: 'assertionMethod',
            proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKc4BBbMYDzV2yAJ4',
          },
        ],
      },
    },
  },
};

export interface CertificatesDeps {
  db: Db;
  clock: Clock;
  config: Config;
  signer: CertificateSigner;
  renderer: CertificateRenderer;
}

export async function certificatesRoutes(app: App, deps: CertificatesDeps): Promise<void> {
  const tags = ['certificates'];
  const origin = publicOrigin(deps.config);
  const mine = async (request: FastifyRequest & { params: { code: string } }) => {
    const viewer = viewerOf(request);
    return certificateFor(deps.db, request.params.code, { userId: viewer.userId, grants: await viewer.grants() });
  };
  const download = (name: string) => `attachment; filename="${name}"`;

  app.get(
    '/api/me/certificates',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'My certificates',
        description: 'Any signed-in person. Every certificate issued to them, newest first, revoked ones included (with the reason).',
        response: { 200: CertificateList, ...errorResponses },
      },
    },
    async (request) => myCertificates(deps.db, viewerOf(request).userId, origin, deps.signer),
  );

  app.get(
    '/api/certificates/:code',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'One certificate (its holder, or an admin over the issuing unit)',
        description: "The certificate's holder, or an admin of the issuing unit or of a unit above it; 404 certificate_not_found for anyone else. The certificate as shown on screen, with the QR link.",
        params: CodeParams,
        response: { 200: Certificate, ...errorResponses },
      },
    },
    async (request) => presentCertificate(await mine(request), origin, deps.signer),
  );

  app.get(
    '/api/certificates/:code/certificate.pdf',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'The certificate as a PDF (A4 landscape) to print',
        description: "The certificate's holder, or an admin of the issuing unit or of a unit above it; 404 certificate_not_found for anyone else. A4 landscape PDF with the QR code, to print.",
        params: CodeParams,
        response: { 200: FileResponse('application/pdf'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const pdf = await deps.renderer.pdf(certificateFace(await mine(request), origin, deps.signer));
      return reply.type('application/pdf').header('content-disposition', download(`chung-nhan-${request.params.code}.pdf`)).send(pdf);
    },
  );

  app.get(
    '/api/certificates/:code/image.png',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'The certificate as a picture (1200×630) to share in chat apps',
        description: "The certificate's holder, or an admin of the issuing unit or of a unit above it; 404 certificate_not_found for anyone else. A 1200×630 PNG, the size chat apps preview.",
        params: CodeParams,
        response: { 200: FileResponse('image/png'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const png = await deps.renderer.image(certificateFace(await mine(request), origin, deps.signer));
      return reply.type('image/png').header('content-disposition', download(`chung-nhan-${request.params.code}.png`)).send(png);
    },
  );

  app.get(
    '/api/certificates/:code/badge.json',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'The certificate as an Open Badges 3.0 credential, signed (eddsa-jcs-2022)',
        description: "The certificate's holder, or an admin of the issuing unit or of a unit above it; 404 certificate_not_found for anyone else. An Open Badges 3.0 credential signed with a DataIntegrityProof (eddsa-jcs-2022); the bytes are the signed ones, so store them as they are. Keys at /.well-known/hoctap-certificate-keys.json.",
        params: CodeParams,
        response: { 200: OpenBadgeResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const credential = openBadgeCredential(await mine(request), competenceNamesVi(), deps.signer, origin);
      return reply.type('application/vc+ld+json').header('content-disposition', download(`open-badge-${request.params.code}.json`)).send(JSON.stringify(credential, null, 2));
    },
  );

  app.get(
    '/api/verify/:code',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Public check of a certificate: its status in the register and, given the QR token, whether it is ours',
        description:
          'Anyone (a QR scanner, an employer, another system) may call it. Pass what follows "#" in the QR link as `token`: a token that does not check out for the code answers `status: "invalid"`, never "valid". Without a token the register alone decides.',
        params: CodeParams,
        querystring: VerifyQuery,
        response: {
          200: Verification,
          ...errorResponses,
        },
      },
    },
    async (request) => verifyCertificate(deps.db, deps.signer, request.params.code, request.query.token),
  );

  app.get(
    '/api/certificate-status/:list',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'A public revocation list of certificates (W3C Bitstring Status List), as Open Badges name it in credentialStatus',
        description:
          'Wallets and verifiers fetch the list a badge names in `credentialStatus.statusListCredential` and read bit `statusListIndex` (1 = revoked). Signed with the certificate key; cacheable for 5 seconds, so a revocation shows within seconds.',
        params: StatusListParams,
        response: { 200: StatusListResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const credential = statusListCredential(request.params.list, await statusListOf(deps.db, request.params.list), deps.signer, origin, deps.clock.now());
      // Short public caching: a CDN absorbs wallets polling, and a revocation is seen within seconds.
      return reply.type('application/vc+ld+json').header('cache-control', 'public, max-age=5').send(JSON.stringify(credential));
    },
  );

  app.post(
    '/api/certificates/:code/revoke',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags,
        summary: 'Revoke a certificate (admins over the issuing unit); the verify page then says so, with the reason and date',
        description: 'Admins of the issuing unit or of a unit above it, with a reason. The verify page and API then answer revoked, with the reason and date. Audited; answers the certificate.',
        params: CodeParams,
        body: RevokeBody,
        response: { 200: Certificate, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const revoked = await revokeCertificate(deps.db, request.params.code, request.body.reason.normalize('NFC').trim(), {
        userId: viewer.userId,
        grants: await viewer.grants(),
        ip: request.ip,
        now: deps.clock.now(),
      });
      return presentCertificate(revoked, origin, deps.signer);
    },
  );

  app.get(
    keysPath,
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: "The platform's certificate public keys (JWK set; Ed25519), for offline verification",
        description: 'Public and cacheable. The keys that sign certificates (the QR payload and the Open Badges proof), so that a wallet or a verifier can check a certificate without calling the platform again.',
        response: { 200: KeySet },
      },
    },
    // An hour, not a day: after a key rotation, verifiers holding a copy learn the new key soon.
    async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send({ keys: deps.signer.publicKeyDocuments() }),
  );

  app.get(
    '/api/units/:code/certificate-issuer',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: {
        tags,
        summary: "Who signs this unit's certificates (null: inherited from the unit above)",
        description: 'Admins of the unit or of a unit above it. The issuer name and signatory printed on certificates of courses the unit owns; null when the unit inherits them from a unit above.',
        params: UnitCodeParams,
        response: {
          200: Nullable(IssuerSettings, { examples: [{ issuer: 'Ủy ban nhân dân xã Mỹ Hòa Hưng', signatoryName: 'Huỳnh Văn Phúc', signatoryTitle: 'Chủ tịch' }, null] }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      return issuerSettingsOf(deps.db, authorizedUnitOf(request).id);
    },
  );

  app.put(
    '/api/units/:code/certificate-issuer',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Set who signs certificates of courses owned by this unit and the units below it',
        description: 'Admins of the unit or of a unit above it. Sets the issuer and signatory for certificates issued from now on for courses owned by this unit and the units below it (those that set none themselves); issued certificates keep theirs.',
        params: UnitCodeParams,
        body: IssuerSettings,
        response: { 200: IssuerSettings, ...errorResponses },
      },
    },
    async (request) => setIssuerSettings(deps.db, authorizedUnitOf(request).id, request.body),
  );
}
