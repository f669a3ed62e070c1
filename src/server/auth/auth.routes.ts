import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { originOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from '../http/sessions.js';
import { Me } from '../me/me.schema.js';
import { loadMe } from '../me/me.service.js';
import { RegisterBody, ResetConfirmBody, ResetRequestBody, ResetRequested, SignInBody } from './auth.schema.js';
import { type AuthDeps, confirmPasswordReset, registerCitizen, requestPasswordReset, signIn, signOut } from './auth.service.js';

export async function authRoutes(app: App, deps: AuthDeps): Promise<void> {
  const tags = ['auth'];

  app.post(
    '/api/auth/register',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Sign up a citizen and sign them in',
        description: "Public. Creates a learner's account in a commune, ward or special zone and answers the new person, with the session cookie set. 400 for a malformed phone, a weak password or missing consent; 409 phone_taken when the phone already has an account.",
        body: RegisterBody,
        response: { 201: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await registerCitizen(deps, { ...request.body, consent: request.body.consent === true }, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      return reply.status(201).send(await loadMe(deps.db, session.userId));
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Sign in with phone and password (throttled per phone and per address)',
        description: 'Public. Answers the person and sets the HttpOnly session cookie. 401 invalid_credentials for a wrong phone or password (the same answer for both); 403 account_disabled for a locked account; 429 with Retry-After after repeated failures.',
        body: SignInBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await signIn(deps, request.body, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      return loadMe(deps.db, session.userId);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Sign out this device',
        description: 'Anyone may call it: ends the session of the cookie sent (if any) and clears the cookie. Always 204.',
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await signOut(deps, sessionTokenOf(request));
      clearSessionCookie(request, reply, deps.config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Text a one-time code to a registered phone (the answer is the same whether or not it is registered)',
        description: 'Public. Always 202, so that nobody can learn which phones are registered; the code arrives by text message. Throttled per phone and per address (429 with Retry-After).',
        body: ResetRequestBody,
        response: { 202: ResetRequested, ...errorResponses },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, request.body, originOf(request));
      return reply.status(202).send({ status: 'sent' as const });
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Set a new password with the code and sign in',
        description: 'Public. With the texted code, sets the new password, ends every other session and answers the person with a new session cookie. 400 reset_code_invalid for a wrong or expired code.',
        body: ResetConfirmBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await confirmPasswordReset(deps, { ...request.body, consent: request.body.consent === true }, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      return loadMe(deps.db, session.userId);
    },
  );
}
