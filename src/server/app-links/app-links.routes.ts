import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { errorResponses } from '../http/schemas.js';
import { AppleAppSiteAssociation, AssetLinks } from './app-links.schema.js';
import { appleAppSiteAssociationOf, assetLinksOf } from './app-links.service.js';

// Phones fetch these once when the app is installed and now and then after; an hour keeps a changed setting close.
const cacheControl = 'public, max-age=3600';

export async function appLinksRoutes(app: App, deps: { config: Pick<Config, 'androidApp' | 'iosAppIds'> }): Promise<void> {
  const tags = ['app links'];
  // Built once: the answer depends on configuration only.
  const assetLinks = assetLinksOf(deps.config);
  const appleAssociation = appleAppSiteAssociationOf(deps.config);

  app.get(
    '/.well-known/assetlinks.json',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Android App Links statement',
        description:
          'Declares which Android app (ANDROID_APP_PACKAGE, signed with ANDROID_APP_SHA256_FINGERPRINTS) may open the platform\'s links itself. Android fetches it when the app is installed; 404 when no app is configured.',
        response: { 200: AssetLinks, ...errorResponses },
      },
    },
    async (_request, reply) => {
      if (!assetLinks) throw new AppError('route_not_found', 404);
      return reply.header('cache-control', cacheControl).send(assetLinks);
    },
  );

  app.get(
    '/.well-known/apple-app-site-association',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'iOS universal links association',
        description:
          'Declares which iOS apps (IOS_APP_IDS, TEAMID.bundle.id) open the platform\'s pages as universal links; the API and media files stay on the web. Served as JSON with no redirect, as Apple requires; 404 when no app is configured.',
        response: { 200: AppleAppSiteAssociation, ...errorResponses },
      },
    },
    async (_request, reply) => {
      if (!appleAssociation) throw new AppError('route_not_found', 404);
      return reply.header('cache-control', cacheControl).type('application/json').send(appleAssociation);
    },
  );
}
