/**
 * Android App Links and iOS universal links: the statements that let the super-app (or the platform's own app)
 * open the platform's addresses itself, so that a deep link shared in a message lands in the app. Built from
 * configuration alone; null when the operator configured no app, and the address then answers 404.
 */
import type { Config } from '../config.js';
import type { AppleAppSiteAssociation, AssetLinks } from './app-links.schema.js';

export function assetLinksOf(config: Pick<Config, 'androidApp'>): AssetLinks | null {
  if (!config.androidApp) return null;
  return [
    {
      relation: ['delegate_permission/common.handle_all_urls'],
      target: { namespace: 'android_app', package_name: config.androidApp.packageName, sha256_cert_fingerprints: [...config.androidApp.sha256Fingerprints] },
    },
  ];
}

export function appleAppSiteAssociationOf(config: Pick<Config, 'iosAppIds'>): AppleAppSiteAssociation | null {
  if (config.iosAppIds.length === 0) return null;
  return {
    applinks: {
      details: [
        {
          appIDs: [...config.iosAppIds],
          // Pages open in the app; the API, media files and these association files stay on the web.
          components: [
            { '/': '/api/*', exclude: true, comment: 'the JSON API is not a page' },
            { '/': '/media/*', exclude: true, comment: 'media files' },
            { '/': '/.well-known/*', exclude: true },
            { '/': '/*' },
          ],
        },
      ],
    },
  };
}
