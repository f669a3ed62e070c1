/**
 * The architecture as a rule (ARCHITECTURE.md describes it; `npm test` runs this check).
 * Layers, bottom to top:
 *   shared → infrastructure (db, errors, config, clock, messages, jobs, text helpers) → http → core (units, users, grants, audit)
 *   → features → composition (app.ts, main.ts, cli.ts, bootstrap/)
 * Nothing imports a layer above its own; features meet only through each other's service (or schema, for types).
 */
const infrastructure = '^src/server/(db|errors\\.ts|config\\.ts|clock\\.ts|messages|jobs|csv\\.ts|pdf\\.ts|cli-output\\.ts|cli-progress\\.ts)';
const http = '^src/server/http/';
const core = '^src/server/(units|users|grants|audit)/';
const composition = '^src/server/(app\\.ts|main\\.ts|cli\\.ts|bootstrap/)';
const serverFolder = '^src/server/([^/]+)/';
const notAFeature = '^src/server/(db|http|messages|jobs|bootstrap)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles, runtime or type-only.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-stays-shared',
      severity: 'error',
      comment: 'src/shared is used by the server and the web app alike: it imports neither, nor Node-only modules.',
      from: { path: '^src/shared/' },
      to: { path: '^src/(server|web)/' },
    },
    {
      name: 'infrastructure-below-http',
      severity: 'error',
      comment: 'db, errors, config and the other infrastructure know nothing of HTTP, the core or features.',
      from: { path: infrastructure, pathNot: '^src/server/db/database\\.ts$' },
      to: { path: ['^src/server/http/', core, serverFolder, composition], pathNot: [infrastructure] },
    },
    {
      name: 'database-gathers-table-types-only',
      severity: 'error',
      comment: 'db/database.ts meets every feature\'s row types in one Database interface (the Kysely way) and imports nothing else from above.',
      from: { path: '^src/server/db/database\\.ts$' },
      to: { path: ['^src/server/http/', core, serverFolder, composition], pathNot: [infrastructure, '\\.table\\.ts$'] },
    },
    {
      name: 'database-imports-table-types-as-types',
      severity: 'error',
      from: { path: '^src/server/db/database\\.ts$' },
      to: { path: '\\.table\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'http-below-core',
      severity: 'error',
      comment: 'http/ (sessions, policies, hooks) is infrastructure: it imports no core module and no feature; app.ts wires them in.',
      from: { path: http },
      to: { path: [serverFolder, composition], pathNot: [http, infrastructure] },
    },
    {
      name: 'core-below-features',
      severity: 'error',
      comment: 'The core (units, users, grants, audit) is used by features and uses none of them.',
      from: { path: core },
      to: { path: [serverFolder, composition], pathNot: [core, http, infrastructure] },
    },
    {
      name: 'nothing-imports-composition',
      severity: 'error',
      comment: 'app.ts, main.ts, cli.ts and bootstrap/ compose the features; no module imports them.',
      from: { pathNot: [composition, '\\.test\\.ts$', '^test/', '^bench/', '^scripts/'] },
      to: { path: composition },
    },
    {
      name: 'features-meet-through-services',
      severity: 'error',
      comment: 'A feature uses another feature only through its *.service.ts (or *.schema.ts for types), never its queries, tables or other internals.',
      from: { path: serverFolder, pathNot: ['\\.test\\.ts$', '^src/server/db/database\\.ts$'] },
      to: {
        path: serverFolder,
        pathNot: ['^src/server/$1/', '\\.(service|schema)\\.ts$', notAFeature, core],
      },
    },
    {
      name: 'core-internals-stay-in-core',
      severity: 'error',
      comment: 'Features use the core through its services too; only db/database.ts gathers the table types.',
      from: { path: serverFolder, pathNot: [core, '\\.test\\.ts$', '^src/server/db/database\\.ts$'] },
      to: { path: '^src/server/(units|users|grants|audit)/.*\\.(queries|table)\\.ts$' },
    },
    {
      name: 'web-imports-server-types-only',
      severity: 'error',
      comment: 'The PWA takes only types from the server, and only from *.schema.ts.',
      from: { path: '^src/web/' },
      to: { path: '^src/server/', pathNot: '\\.schema\\.ts$' },
    },
    {
      name: 'web-imports-no-server-code',
      severity: 'error',
      comment: 'A runtime import would bundle server code into the PWA.',
      from: { path: '^src/web/' },
      to: { path: '^src/server/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
