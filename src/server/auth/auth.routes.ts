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
      schema: { tags, summary: 'Sign up a citizen and sign them in', body: RegisterBody, response: { 201: Me, ...errorResponses } },
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
      schema: { tags, summary: 'Sign in with phone and password (throttled per phone and per address)', body: SignInBody, response: { 200: Me, ...errorResponses } },
    },
    async (request, reply) => {
      const session = await signIn(deps, request.body, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      return loadMe(deps.db, session.userId);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { policy: allow.anyone }, schema: { tags, summary: 'Sign out this device', response: { 204: NoContent } } },
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
      schema: { tags, summary: 'Set a new password with the code and sign in', body: ResetConfirmBody, response: { 200: Me, ...errorResponses } },
    },
    async (request, reply) => {
      const session = await confirmPasswordReset(deps, { ...request.body, consent: request.body.consent === true }, originOf(request));
      setSessionCookie(request, reply, deps.config, session.token, session.lifetime);
      return loadMe(deps.db, session.userId);
    },
  );
}
