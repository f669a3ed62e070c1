/** The two association files phones fetch to open the platform's links in the super-app instead of a browser. */
import Type from 'typebox';

const exampleFingerprint = '14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5';

export const AssetLinks = Type.Array(
  Type.Object({
    relation: Type.Array(Type.String()),
    target: Type.Object({
      namespace: Type.Literal('android_app'),
      package_name: Type.String(),
      sha256_cert_fingerprints: Type.Array(Type.String()),
    }),
  }),
  {
    description: 'Digital Asset Links statement list',
    examples: [
      [
        {
          relation: ['delegate_permission/common.handle_all_urls'],
          target: { namespace: 'android_app', package_name: 'vn.gov.angiang.smartangiang', sha256_cert_fingerprints: [exampleFingerprint] },
        },
      ],
    ],
  },
);
export type AssetLinks = Type.Static<typeof AssetLinks>;

const Component = Type.Object({ '/': Type.String(), exclude: Type.Optional(Type.Boolean()), comment: Type.Optional(Type.String()) });

export const AppleAppSiteAssociation = Type.Object(
  {
    applinks: Type.Object({
      details: Type.Array(Type.Object({ appIDs: Type.Array(Type.String()), components: Type.Array(Component) })),
    }),
  },
  {
    description: 'Apple App Site Association (universal links)',
    examples: [
      {
        applinks: {
          details: [
            {
              appIDs: ['ABCDE12345.vn.gov.angiang.smartangiang'],
              components: [
                { '/': '/api/*', exclude: true, comment: 'the JSON API is not a page' },
                { '/': '/*' },
              ],
            },
          ],
        },
      },
    ],
  },
);
export type AppleAppSiteAssociation = Type.Static<typeof AppleAppSiteAssociation>;
