import type { App } from '../http/app-type.js';
import type { AuthDeps } from '../auth/auth.service.js';
import { allow } from '../http/policies.js';
import { originOf, viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse, NoContent } from '../http/schemas.js';
import { clearSessionCookie } from '../http/sessions.js';
import { exportPagePolicy } from './privacy.html.js';
import { confirmPrivacyRequest, listMyPrivacyRequests, startPrivacyRequest } from './privacy-requests.js';
import {
  AccountDeletionBody,
  ConfirmationCodeSent,
  GiveConsentBody,
  MyConsents,
  PersonalDataExport,
  PrivacyRequestAnswer,
  PrivacyRequestBody,
  PrivacyRequestCodeBody,
  PrivacyRequestList,
  PrivacyRequestParams,
  WithdrawConsentBody,
} from './privacy.schema.js';
import { deleteMyAccount, exportMyData, exportMyDataPage, giveConsent, myConsents, sendMyConfirmationCode, withdrawMyConsent } from './privacy.service.js';

const confirmation =
  'An account with a password confirms with `password` (400 wrong_current_password otherwise, throttled like sign-in); an account without one (signed up by a helper, a sign-in card) with `code`, texted by POST /api/me/confirmation-code (5 tries, 10 minutes).';

export async function privacyRoutes(app: App, deps: AuthDeps): Promise<void> {
  const tags = ['privacy'];

  app.get(
    '/api/me/export',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Download all personal data held about me (Law 91/2025)',
        description: 'Any signed-in person, about themselves only: every row the platform holds about them, table by table, as a JSON download. Audited.',
        response: { 200: PersonalDataExport, ...errorResponses },
      },
    },
    async (request, reply) => {
      const data = await exportMyData(deps, viewerOf(request).userId, request.ip);
      return reply.header('content-disposition', 'attachment; filename="du-lieu-ca-nhan.json"').send(data);
    },
  );

  app.get(
    '/api/me/export.html',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'My personal data as a readable, printable page in my language',
        description: 'Any signed-in person, about themselves only: the same data as GET /api/me/export, as one HTML page in the language of their profile (profile, consent history, then every table). No script. Audited.',
        response: { 200: FileResponse('text/html', 'The page'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const page = await exportMyDataPage(deps, viewerOf(request).userId, request.ip);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', exportPagePolicy)
        .header('content-disposition', 'inline; filename="du-lieu-ca-nhan.html"')
        .send(page);
    },
  );

  app.get(
    '/api/me/consents',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'My consents and their history',
        description: 'Any signed-in person, about themselves: each purpose and whether it stands, and every giving and withdrawal (when, how, which helper).',
        response: { 200: MyConsents, ...errorResponses },
      },
    },
    async (request) => myConsents(deps.db, viewerOf(request).userId),
  );

  app.post(
    '/api/me/consents',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Give an optional consent',
        description: 'Any signed-in person. Only optional purposes (400 consent_essential_at_signup for `account`); giving one already given changes nothing. Audited.',
        body: GiveConsentBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await giveConsent(deps, viewerOf(request).userId, request.body.purpose, originOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/consents/withdraw',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Withdraw a consent (withdrawing `account` erases the account)',
        description: `Any signed-in person. An optional purpose is withdrawn at once. \`account\` is what holding an account needs: withdrawing it erases or de-identifies the person's data like DELETE /api/me, ends every session and clears the cookie; it needs the same confirmation. ${confirmation} Audited.`,
        body: WithdrawConsentBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { erased } = await withdrawMyConsent(deps, viewerOf(request).userId, request.body, originOf(request));
      if (erased) clearSessionCookie(request, reply, deps.config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/confirmation-code',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Text me a code to confirm deleting my account (accounts without a password)',
        description: 'Any signed-in person whose account has no password (409 privacy_code_not_needed otherwise). The code goes to their own phone, valid 10 minutes; 3 an hour. Audited.',
        response: { 202: ConfirmationCodeSent, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await sendMyConfirmationCode(deps, viewerOf(request).userId, originOf(request))),
  );

  app.delete(
    '/api/me',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Delete my account: personal data erased or de-identified',
        description: `Any signed-in person. ${confirmation} Erases or de-identifies their personal data (figures stay, without a name), ends every session and clears the cookie. Audited; cannot be undone.`,
        body: AccountDeletionBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteMyAccount(deps, viewerOf(request).userId, request.body, request.ip);
      clearSessionCookie(request, reply, deps.config);
      return reply.status(204).send(null);
    },
  );

  const onBehalf = allow.roleAnywhere('helper', 'manager');
  const reach = 'Helpers and managers, for people living in the units their helper or manager grants reach (403 privacy_request_out_of_reach otherwise, and for a phone with no account).';

  app.get(
    '/api/privacy/requests',
    {
      config: { policy: onBehalf },
      schema: {
        tags,
        summary: 'The privacy requests I made on behalf of others',
        description: 'Helpers and managers: their own requests, newest first (at most 50).',
        response: { 200: PrivacyRequestList, ...errorResponses },
      },
    },
    async (request) => listMyPrivacyRequests(deps, viewerOf(request).userId),
  );

  app.post(
    '/api/privacy/requests',
    {
      config: { policy: onBehalf },
      schema: {
        tags,
        summary: "Ask, on a person's behalf, for their data, a withdrawal or a deletion",
        description: `${reach} Records the request (who, for whom, what, when) and texts the person a code saying what is asked; nothing is done until the code is read back (POST /api/privacy/requests/{id}/confirm). \`purpose\` is required for a withdrawal. 3 requests an hour per person. Audited.`,
        body: PrivacyRequestBody,
        response: { 201: PrivacyRequestAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const answer = await startPrivacyRequest(deps, { userId: viewer.userId, grants: await viewer.grants(), origin: originOf(request) }, request.body);
      return reply.status(201).send(answer);
    },
  );

  app.post(
    '/api/privacy/requests/:id/confirm',
    {
      config: { policy: onBehalf },
      schema: {
        tags,
        summary: 'Carry out a request with the code the person read back',
        description: `Only the one who made the request (404 otherwise), while the person is within reach. ${reach} A wrong code counts; 5 burn the request (400 privacy_code_attempts). An export answers the data in \`export\`; a withdrawal of \`account\` or a deletion erases the account. 409 privacy_request_closed once done. Audited.`,
        params: PrivacyRequestParams,
        body: PrivacyRequestCodeBody,
        response: { 200: PrivacyRequestAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return confirmPrivacyRequest(deps, { userId: viewer.userId, grants: await viewer.grants(), origin: originOf(request) }, request.params.id, request.body.code);
    },
  );
}
