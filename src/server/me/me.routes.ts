import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { Me, PasswordChangeBody, ProfilePatchBody } from './me.schema.js';
import type { AuthDeps } from '../auth/auth.service.js';
import { changeMyPassword, loadMe, updateMyProfile } from './me.service.js';

export async function meRoutes(app: App, deps: AuthDeps): Promise<void> {
  const tags = ['me'];

  app.get(
    '/api/me',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'The signed-in person: profile and role grants',
        description: 'Any signed-in person. Their profile, settings and the roles they hold on which units; 401 without a live session.',
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) => loadMe(deps.db, viewerOf(request).userId),
  );

  app.patch(
    '/api/me',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Edit my profile and settings',
        description: 'Any signed-in person, on their own profile: only the fields sent change. Answers the profile as it now is; 400 for an unknown unit code or an invalid field (named in fields).',
        body: ProfilePatchBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await updateMyProfile(deps, viewer.userId, request.body, request.ip);
      return loadMe(deps.db, viewer.userId);
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { policy: allow.signedIn },
      schema: {
        tags,
        summary: 'Change my password (signs out my other devices), or set a first one',
        description: 'Any signed-in person. Needs the current password (400 wrong_current_password otherwise); the new one must be strong. Every other session of the person ends. A person without a password yet (signed in with a sign-in card or an identity provider) sets a first one without `currentPassword`; their other sessions and their card stay valid. Audited (password.change or password.set).',
        body: PasswordChangeBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await changeMyPassword(deps, viewerOf(request), request.body, request.ip);
      return reply.status(204).send(null);
    },
  );
}
