import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { translate } from '../../shared/i18n/translate.js';
import type { FeatureDeps } from '../app.js';
import type { App } from '../http/app-type.js';
import { competenceNamesVi } from '../competences/competences.service.js';
import { publicOrigin } from '../config.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, IsoTime, Nullable, FileResponse } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import type { CertificateFace } from './certificate-render.js';
import type { CertificateRenderer } from './certificate-renderer.js';
import { certificateFor, type CertificateRow, myCertificates, presentCertificate, revokeCertificate, verifyCertificate, verifyLink } from './certificates.service.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import { formatDate } from '../../shared/i18n/format.js';
import { keysPath, openBadgeCredential } from './open-badge.js';

// The credential goes out as signed text (the signature covers its exact bytes): declared by its type, never re-serialized.
const OpenBadgeResponse: { description: string; content: Record<string, { schema: object }> } = {
  description: 'Open Badges 3.0 credential (W3C Verifiable Credential with a DataIntegrityProof)',
  content: {
    'application/vc+ld+json': {
      schema: {
        type: 'object',
        required: ['@context', 'type', 'id', 'proof'],
        properties: { '@context': { type: 'array', items: { type: 'string' } }, type: { type: 'array', items: { type: 'string' } }, id: { type: 'string' }, proof: { type: 'object' } },
      },
    },
  },
};
const PublicKeys = Type.Object({
  keys: Type.Array(
    Type.Object({ kty: Type.String(), crv: Type.String(), x: Type.Optional(Type.String()), kid: Type.String(), alg: Type.String(), use: Type.String(), publicKeyMultibase: Type.String() }),
  ),
});

const CodeParams = Type.Object({ code: Type.String({ pattern: '^HT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$' }) });

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
});

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
});

const IssuerSettings = Type.Object(
  {
    issuer: Type.String({ minLength: 1, maxLength: 200 }),
    signatoryName: Type.String({ maxLength: 100 }),
    signatoryTitle: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);

const competenceNames = competenceNamesVi();


export function certificateFace(c: CertificateRow, origin: string): CertificateFace {
  const label = (key: Parameters<typeof translate>[1]) => translate('vi', key);
  return {
    learnerName: c.learner_name,
    courseTitle: c.course_title,
    competences: (JSON.parse(c.competences) as string[]).map((code) => ({ code, name: competenceNames.get(code) ?? code })),
    issuedOn: formatDate('vi', isoOfDay(dayOf(c.issued_at))),
    issuerName: c.issuer_name,
    signatoryName: c.signatory_name,
    signatoryTitle: c.signatory_title,
    code: c.code,
    verifyUrl: verifyLink(origin, c),
    labels: {
      heading: label('certificate.heading'),
      certifies: label('certificate.certifies'),
      completed: label('certificate.completed'),
      competences: label('certificate.competences'),
      issuedOn: label('certificate.issuedOn'),
      code: label('certificate.code'),
      scanToVerify: label('certificate.scanToVerify'),
      platform: label('certificate.platform'),
    },
  };
}

export function certificatesRoutes(app: App, deps: FeatureDeps & { renderer: CertificateRenderer }): void {
  const tags = ['certificates'];
  const origin = publicOrigin(deps.config);
  const mine = async (request: FastifyRequest & { params: { code: string } }) => {
    const viewer = viewerOf(request);
    return certificateFor(deps.db, request.params.code, { userId: viewer.userId, grants: await viewer.grants() });
  };
  const download = (name: string) => `attachment; filename="${name}"`;

  app.get(
    '/api/me/certificates',
    { config: { policy: allow.signedIn }, schema: { tags, summary: 'My certificates', response: { 200: Type.Object({ certificates: Type.Array(Certificate) }), ...errorResponses } } },
    async (request) => myCertificates(deps.db, viewerOf(request).userId, origin),
  );

  app.get(
    '/api/certificates/:code',
    {
      config: { policy: allow.signedIn },
      schema: { tags, summary: 'One certificate (its holder, or an admin over the issuing unit)', params: CodeParams, response: { 200: Certificate, ...errorResponses } },
    },
    async (request) => presentCertificate(await mine(request), origin),
  );

  app.get(
    '/api/certificates/:code/certificate.pdf',
    {
      config: { policy: allow.signedIn },
      schema: { tags, summary: 'The certificate as a PDF (A4 landscape) to print', params: CodeParams, response: { 200: FileResponse('application/pdf'), ...errorResponses } },
    },
    async (request, reply) => {
      const pdf = await deps.renderer.pdf(certificateFace(await mine(request), origin));
      return reply.type('application/pdf').header('content-disposition', download(`chung-nhan-${request.params.code}.pdf`)).send(pdf);
    },
  );

  app.get(
    '/api/certificates/:code/image.png',
    {
      config: { policy: allow.signedIn },
      schema: { tags, summary: 'The certificate as a picture (1200×630) to share in chat apps', params: CodeParams, response: { 200: FileResponse('image/png'), ...errorResponses } },
    },
    async (request, reply) => {
      const png = await deps.renderer.image(certificateFace(await mine(request), origin));
      return reply.type('image/png').header('content-disposition', download(`chung-nhan-${request.params.code}.png`)).send(png);
    },
  );

  app.get(
    '/api/certificates/:code/badge.json',
    {
      config: { policy: allow.signedIn },
      schema: { tags, summary: 'The certificate as an Open Badges 3.0 credential, signed (eddsa-jcs-2022)', params: CodeParams, response: { 200: OpenBadgeResponse, ...errorResponses } },
    },
    async (request, reply) => {
      const credential = openBadgeCredential(await mine(request), competenceNames, deps.signer, origin);
      return reply.type('application/vc+ld+json').header('content-disposition', download(`open-badge-${request.params.code}.json`)).send(JSON.stringify(credential, null, 2));
    },
  );

  app.get(
    '/api/verify/:code',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Public check of a certificate: its status in the register and, given the QR payload, whether the signature is ours',
        params: CodeParams,
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 4000, description: 'The part of the QR link after #' })) }),
        response: { 200: Verification, ...errorResponses },
      },
    },
    async (request) => verifyCertificate(deps.db, deps.signer, request.params.code, request.query.token),
  );

  app.post(
    '/api/certificates/:code/revoke',
    {
      config: { policy: allow.roleAnywhere('admin') },
      schema: {
        tags,
        summary: 'Revoke a certificate (admins over the issuing unit); the verify page then says so, with the reason and date',
        params: CodeParams,
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
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
      return presentCertificate(revoked, origin);
    },
  );

  app.get(
    keysPath,
    {
      config: { policy: allow.anyone },
      schema: { tags, summary: "The platform's certificate public keys (JWK set; Ed25519), for offline verification", response: { 200: PublicKeys } },
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').send({ keys: [deps.signer.publicKeyDocument()] }),
  );

  app.get(
    '/api/units/:code/certificate-issuer',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: { tags, summary: "Who signs this unit's certificates (null: inherited from the unit above)", params: UnitCodeParams, response: { 200: Nullable(IssuerSettings), ...errorResponses } },
    },
    async (request) => {
      const unit = await deps.db.selectFrom('units').select(['certificate_issuer', 'certificate_signatory_name', 'certificate_signatory_title']).where('id', '=', authorizedUnitOf(request).id).executeTakeFirstOrThrow();
      return unit.certificate_issuer === null ? null : { issuer: unit.certificate_issuer, signatoryName: unit.certificate_signatory_name ?? '', signatoryTitle: unit.certificate_signatory_title ?? '' };
    },
  );

  app.put(
    '/api/units/:code/certificate-issuer',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: { tags, summary: 'Set who signs certificates of courses owned by this unit and the units below it', params: UnitCodeParams, body: IssuerSettings, response: { 200: IssuerSettings, ...errorResponses } },
    },
    async (request) => {
      const line = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();
      const settings = { issuer: line(request.body.issuer), signatoryName: line(request.body.signatoryName), signatoryTitle: line(request.body.signatoryTitle) };
      await deps.db
        .updateTable('units')
        .set({ certificate_issuer: settings.issuer, certificate_signatory_name: settings.signatoryName, certificate_signatory_title: settings.signatoryTitle })
        .where('id', '=', authorizedUnitOf(request).id)
        .execute();
      return settings;
    },
  );
}
