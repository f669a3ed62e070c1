import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { originOf, viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse } from '../http/schemas.js';
import type { JobRunner } from '../jobs/jobs.service.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { CodeRequestBody, CodeSent, PhoneCheck, PhoneCheckBody, SignupBody, signupBodyMaxBytes, SignupDone, SignupForm, SignupIdParams } from './assisted.schema.js';
import { checkPhone, sendConsentCode, signupForm, signUpCitizen, viewConsentPhoto } from './assisted.service.js';

export interface AssistedRoutesDeps {
  db: Db;
  clock: Clock;
  jobs: Pick<JobRunner, 'kick'>;
}

export async function assistedRoutes(app: App, deps: AssistedRoutesDeps): Promise<void> {
  const tags = ['assisted'];
  const helperOfCommune = allow.roleOnUnit('helper', unitCodeFromParams());
  const helperOf = (request: Parameters<typeof originOf>[0]) => ({ userId: viewerOf(request).userId, origin: originOf(request) });

  app.get(
    '/api/units/:code/assisted',
    {
      config: { policy: helperOfCommune },
      schema: {
        tags,
        summary: "What the assisted sign-up screen needs: the commune, the helper's team there and its hamlets",
        description: "Helpers whose grant reaches the commune (ward, special zone) and who belong to a live team whose unit contains it; 403 assisted_no_team otherwise.",
        params: UnitCodeParams,
        response: { 200: SignupForm, ...errorResponses },
      },
    },
    async (request) => signupForm(deps.db, authorizedUnitOf(request), viewerOf(request).userId),
  );

  app.post(
    '/api/units/:code/assisted/phone-check',
    {
      config: { policy: helperOfCommune },
      schema: {
        tags,
        summary: "Whether a citizen's phone already has an account (any writing of the number)",
        description:
          "Helpers of a team covering the commune. Says whether the number has an account (the sign-up will then link it) and the account's name only when that person lives in the commune. A look that finds an account is audited; throttled per helper (429).",
        params: UnitCodeParams,
        body: PhoneCheckBody,
        response: { 200: PhoneCheck, ...errorResponses },
      },
    },
    async (request) => checkPhone(deps, authorizedUnitOf(request), helperOf(request), request.body.phone),
  );

  app.post(
    '/api/units/:code/assisted/sms-codes',
    {
      config: { policy: helperOfCommune },
      schema: {
        tags,
        summary: "Text a one-time consent code to the citizen's phone",
        description:
          'Helpers of a team covering the commune. The citizen reads the code back to the helper, who sends it with the sign-up (consent channel assisted_sms). The code lasts 10 minutes and five wrong tries burn it. Throttled per phone and per helper (429); audited.',
        params: UnitCodeParams,
        body: CodeRequestBody,
        response: { 202: CodeSent, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await sendConsentCode(deps, authorizedUnitOf(request), helperOf(request), request.body.phone)),
  );

  app.post(
    '/api/units/:code/assisted/signups',
    {
      config: { policy: helperOfCommune },
      // A paper consent photo travels in the body (base64), so that a sign-up waiting offline is one request.
      bodyLimit: signupBodyMaxBytes,
      schema: {
        tags,
        summary: "Sign a citizen up (or link their existing account) with the evidence of their own consent",
        description:
          "Helpers of a team covering the commune (or the hamlet named). Consent evidence is required: a texted code the citizen read back (assisted_sms: codeId and code) or a photo of the signed paper form (assisted_paper: JPEG or PNG, re-encoded without metadata). A phone that has an account is linked, never duplicated; a new account has no password and is counted for the helper's team. The same clientId again answers the first result and creates nothing (409 assisted_client_id_reused for another person). 400 for a wrong, expired or burnt code or missing evidence; 403 outside the helper's commune or team; audited.",
        params: UnitCodeParams,
        body: SignupBody,
        response: { 201: SignupDone, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await signUpCitizen(deps, authorizedUnitOf(request), helperOf(request), request.body)),
  );

  app.get(
    '/api/assisted/signups/:id/consent-photo',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'The photo of the signed paper consent form of an assisted sign-up',
        description:
          "The person it is about, and managers whose grant reaches the commune where it was taken; anyone else 403 (helpers included). Every view is audited. 404 assisted_photo_not_found for a sign-up by text message.",
        params: SignupIdParams,
        response: { 200: FileResponse('image/jpeg', 'The photo, re-encoded as JPEG'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const photo = await viewConsentPhoto(deps.db, request.params.id, { userId: viewer.userId, grants: await viewer.grants(), ip: request.ip, now: deps.clock.now() });
      return reply.header('content-type', photo.mime).header('cache-control', 'no-store').header('content-disposition', 'inline; filename="phieu-dong-y.jpg"').send(photo.bytes);
    },
  );
}
