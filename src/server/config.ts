import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { MessageKey } from '../shared/i18n/translate.js';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Media files; several app processes (or machines) must share this folder (MEDIA_DIR, e.g. an NFS mount). */
  readonly mediaDir: string;
  /** postgres://… selects PostgreSQL; null means the SQLite file in dataDir. */
  readonly databaseUrl: string | null;
  readonly databasePoolSize: number;
  readonly demo: boolean;
  /** The address people use, e.g. https://hoctap.angiang.gov.vn; null while unknown (local runs). */
  readonly publicUrl: string | null;
  /** Extra origins allowed to send state-changing requests (the super-app's web view). */
  readonly allowedOrigins: readonly string[];
  /**
   * Origins allowed to show the PWA's pages in a frame (the super-app's web host). Empty: framing refused
   * except by the platform itself. Non-empty also makes the session cookie SameSite=None; Secure; Partitioned,
   * which a cross-site frame needs to keep its session.
   */
  readonly embedAllowedOrigins: readonly string[];
  /** Android App Links: the app's package and its signing certificates' SHA-256 fingerprints; null when not configured. */
  readonly androidApp: { readonly packageName: string; readonly sha256Fingerprints: readonly string[] } | null;
  /** iOS universal links: app ids as TEAMID.bundle.id; empty when not configured. */
  readonly iosAppIds: readonly string[];
  /** Proxies whose X-Forwarded-For we believe; false trusts none. */
  readonly trustProxy: readonly string[] | false;
  readonly logLevel: string;
  readonly smsSender: 'log' | 'http';
  readonly smsHttpUrl: string | null;
  readonly smsHttpToken: string | null;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxDays: number;
  readonly staffSessionIdleMinutes: number;
  readonly staffSessionMaxHours: number;
  readonly loginMaxAttemptsPerPhone: number;
  readonly loginMaxFailuresPerIp: number;
  readonly registrationsPerIpPerHour: number;
  readonly rateLimitWindowMinutes: number;
  /** Overload (http/overload.ts): past any of these limits API requests get 503 with Retry-After until it passes. */
  readonly overload: {
    readonly maxEventLoopDelayMs: number;
    /** 0..1, over each one-second sample; 1 (the default) never trips: one long task fills a sample too. */
    readonly maxEventLoopUtilization: number;
    /** null: 90% of V8's heap limit for this process. */
    readonly maxHeapBytes: number | null;
  };
  /** Password hashes (argon2id) run at once, and how many more may wait; beyond, 503 with Retry-After. */
  readonly hashConcurrency: number;
  readonly hashQueueMax: number;
  /** Certificates waiting for the PDF worker at most; beyond, 503 with Retry-After. */
  readonly pdfQueueMax: number;
  /** Big-screen live streams one process holds open at most (503 beyond). */
  readonly screenStreamsMax: number;
  readonly webRoot: string;
  /** PWA_KILL_SWITCH=1: /sw.js becomes a worker that removes itself from every phone (pwa/pwa.service.ts). */
  readonly pwaKillSwitch: boolean;
  /** Largest media file accepted (video, audio, PDF); images have their own, smaller limit. */
  readonly mediaMaxBytes: number;
  readonly imageMaxBytes: number;
  /** Largest course package (zip) accepted for import. */
  readonly packageMaxBytes: number;
  // Webhooks and xAPI
  /** Hosts webhooks may be sent to: exact names or *.suffix; empty means no webhook can be registered. */
  readonly webhookAllowedHosts: readonly string[];
  /** http:// receivers too (local trials and tests); production keeps https only. */
  readonly webhookAllowHttp: boolean;
  readonly webhookTimeoutMs: number;
  /** The Learning Record Store; null sends no statements. */
  readonly xapi: { readonly endpoint: string; readonly username: string; readonly password: string } | null;
  /** Requests one API token may make per minute, across all app processes. */
  readonly apiTokenRequestsPerMinute: number;
  /** Unknown, revoked or expired tokens one address may present per minute before 429. */
  readonly apiTokenFailuresPerIpPerMinute: number;
  /**
   * Dashboards, rankings and their files show a figure of fewer people than this, under a unit narrower than a
   * commune (shared/small-groups.ts), as "< n", so that nobody in a small group can be singled out. 1 shows every figure.
   */
  readonly smallGroupMin: number;
  /** A weekly report, once made, is also announced by text message (with its link) to those who scheduled it. */
  readonly reportTextMessages: boolean;
  /**
   * The platform secret (SECRET_KEY, 32 bytes or more): encrypts the certificate signing keys in the database.
   * null: DATA_DIR/keys/secret, made on first start, which suits one machine only.
   */
  readonly secretKey: Buffer | null;
  /** App processes `hoctap serve` runs on one port (WORKERS or --workers); 1 is a single process. */
  readonly workers: number;
  /** OpenID Connect identity providers people may sign in with (SmartAnGiang, later VNeID), in the order of the buttons. */
  readonly oidcProviders: readonly OidcProviderSettings[];
  /** The secret Prometheus presents as `Authorization: Bearer …` for GET /metrics; null: no metrics are served. */
  readonly metricsToken: string | null;
  /** Where a cluster primary serves the metrics of all its workers together (metrics/cluster-metrics.ts). */
  readonly metricsHost: string;
  readonly metricsPort: number;
}

export interface OidcProviderSettings {
  /** Lower-case name used in addresses and variables: smartangiang → OIDC_SMARTANGIANG_*. */
  readonly id: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  /** Shown on the button: "Đăng nhập bằng {name}". */
  readonly name: string;
}

export interface ConfigProblem {
  variable: string;
  value: string;
  expected: MessageKey;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((p) => p.variable).join(', '));
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks every variable, then reports all problems at once. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const problems: ConfigProblem[] = [];
  const read = <T>(variable: string, fallback: T, parse: (raw: string) => T | undefined, expected: MessageKey): T => {
    const raw = env[variable];
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw.trim());
    if (value === undefined) {
      problems.push({ variable, value: raw, expected });
      return fallback;
    }
    return value;
  };
  const positiveInteger = (variable: string, fallback: number) =>
    read(variable, fallback, (raw) => (/^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined), 'config.expected.positiveInteger');

  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data');
  const smsSender = read<'log' | 'http'>('SMS_SENDER', 'log', (raw) => (raw === 'log' || raw === 'http' ? raw : undefined), 'config.expected.smsSender');
  const smsHttpUrl = read<string | null>('SMS_HTTP_URL', null, parseHttpUrl, 'config.expected.url');
  if (smsSender === 'http' && !smsHttpUrl) problems.push({ variable: 'SMS_HTTP_URL', value: env.SMS_HTTP_URL ?? '', expected: 'config.expected.smsHttpUrl' });

  const publicUrl = read<string | null>('PUBLIC_URL', null, (raw) => parseHttpUrl(raw)?.replace(/\/$/, ''), 'config.expected.url');
  const embedAllowedOrigins = read('EMBED_ALLOWED_ORIGINS', [] as string[], parseExactOriginList, 'config.expected.embedOrigins');
  // The cross-site frame's cookie must be Secure, which browsers keep only over https (or on this machine itself).
  if (embedAllowedOrigins.length > 0 && publicUrl && !isSecureContextUrl(publicUrl)) {
    problems.push({ variable: 'PUBLIC_URL', value: publicUrl, expected: 'config.expected.httpsForEmbedding' });
  }
  const androidPackage = read<string | null>('ANDROID_APP_PACKAGE', null, (raw) => (/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/.test(raw) ? raw : undefined), 'config.expected.androidPackage');
  const androidFingerprints = read('ANDROID_APP_SHA256_FINGERPRINTS', [] as string[], parseFingerprints, 'config.expected.sha256Fingerprints');
  if ((androidPackage === null) !== (androidFingerprints.length === 0)) {
    const missing = androidPackage === null ? 'ANDROID_APP_PACKAGE' : 'ANDROID_APP_SHA256_FINGERPRINTS';
    if (!problems.some((p) => p.variable.startsWith('ANDROID_APP_'))) problems.push({ variable: missing, value: env[missing] ?? '', expected: 'config.expected.androidAppPair' });
  }

  const portNumber = (raw: string) => (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 65535 ? Number(raw) : undefined);
  const config: Config = {
    host: read('HOST', '127.0.0.1', (raw) => raw, 'config.expected.nonEmpty'),
    port: read('PORT', 3000, portNumber, 'config.expected.port'),
    dataDir,
    mediaDir: path.resolve(cwd, env.MEDIA_DIR || path.join(dataDir, 'media')),
    databaseUrl: read<string | null>('DATABASE_URL', null, (raw) => (/^postgres(ql)?:\/\/.+/.test(raw) && canParseUrl(raw) ? raw : undefined), 'config.expected.databaseUrl'),
    databasePoolSize: positiveInteger('DATABASE_POOL_SIZE', 10),
    demo: read('DEMO', true, parseBoolean, 'config.expected.boolean'),
    publicUrl,
    allowedOrigins: read('ALLOWED_ORIGINS', [] as string[], parseOriginList, 'config.expected.url'),
    embedAllowedOrigins,
    androidApp: androidPackage && androidFingerprints.length > 0 ? { packageName: androidPackage, sha256Fingerprints: androidFingerprints } : null,
    iosAppIds: read('IOS_APP_IDS', [] as string[], parseIosAppIds, 'config.expected.iosAppIds'),
    trustProxy: read<readonly string[] | false>('TRUST_PROXY', false, parseProxyList, 'config.expected.trustProxy'),
    logLevel: read('LOG_LEVEL', 'info', (raw) => (logLevels.includes(raw) ? raw : undefined), 'config.expected.logLevel'),
    smsSender,
    smsHttpUrl,
    smsHttpToken: env.SMS_HTTP_TOKEN || null,
    sessionIdleMinutes: positiveInteger('SESSION_IDLE_MINUTES', 30 * 24 * 60),
    sessionMaxDays: positiveInteger('SESSION_MAX_DAYS', 180),
    staffSessionIdleMinutes: positiveInteger('STAFF_SESSION_IDLE_MINUTES', 120),
    staffSessionMaxHours: positiveInteger('STAFF_SESSION_MAX_HOURS', 12),
    loginMaxAttemptsPerPhone: positiveInteger('LOGIN_MAX_ATTEMPTS_PER_PHONE', 10),
    // Mobile carriers put thousands of people behind one address: count failures only, generously.
    loginMaxFailuresPerIp: positiveInteger('LOGIN_MAX_FAILURES_PER_IP', 200),
    registrationsPerIpPerHour: positiveInteger('REGISTRATIONS_PER_IP_PER_HOUR', 300),
    rateLimitWindowMinutes: positiveInteger('RATE_LIMIT_WINDOW_MINUTES', 15),
    screenStreamsMax: positiveInteger('SCREEN_STREAMS_MAX', 500),
    overload: {
      maxEventLoopDelayMs: positiveInteger('OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 200),
      maxEventLoopUtilization: read('OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT', 100, (raw) => (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 100 ? Number(raw) : undefined), 'config.expected.percent') / 100,
      maxHeapBytes: read<number | null>('OVERLOAD_MAX_HEAP_MB', null, (raw) => (/^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) * 1024 * 1024 : undefined), 'config.expected.positiveInteger'),
    },
    // One hash per core (never more than libuv's default 4 threads, which file and DNS work also need).
    hashConcurrency: positiveInteger('HASH_CONCURRENCY', Math.min(4, availableParallelism())),
    hashQueueMax: positiveInteger('HASH_QUEUE_MAX', 200),
    pdfQueueMax: positiveInteger('PDF_QUEUE_MAX', 50),
    webRoot: path.resolve(cwd, env.WEB_ROOT || 'dist/web'),
    pwaKillSwitch: read('PWA_KILL_SWITCH', false, parseBoolean, 'config.expected.boolean'),
    mediaMaxBytes: positiveInteger('MEDIA_MAX_MB', 300) * 1024 * 1024,
    imageMaxBytes: positiveInteger('IMAGE_MAX_MB', 20) * 1024 * 1024,
    packageMaxBytes: positiveInteger('PACKAGE_MAX_MB', 1024) * 1024 * 1024,
    ...readIntegrations(env, read, problems),
    apiTokenRequestsPerMinute: positiveInteger('API_TOKEN_REQUESTS_PER_MINUTE', 600),
    apiTokenFailuresPerIpPerMinute: positiveInteger('API_TOKEN_FAILURES_PER_IP_PER_MINUTE', 30),
    smallGroupMin: read('SMALL_GROUP_MIN', 5, (raw) => (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 100 ? Number(raw) : undefined), 'config.expected.smallGroupMin'),
    reportTextMessages: read('REPORT_SMS', false, parseBoolean, 'config.expected.boolean'),
    secretKey: readSecretKey(env.SECRET_KEY, problems),
    workers: read('WORKERS', 1, (raw) => (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 64 ? Number(raw) : undefined), 'config.expected.workers'),
    oidcProviders: readOidcProviders(env, problems),
    // Long enough that it cannot be guessed by trying; any printable characters without spaces.
    metricsToken: read<string | null>('METRICS_TOKEN', null, (raw) => (/^[\x21-\x7e]{16,}$/.test(raw) ? raw : undefined), 'config.expected.metricsToken'),
    metricsHost: read('METRICS_HOST', '127.0.0.1', (raw) => raw, 'config.expected.nonEmpty'),
    metricsPort: read('METRICS_PORT', 9464, portNumber, 'config.expected.port'),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function readIntegrations(env: NodeJS.ProcessEnv, read: <T>(variable: string, fallback: T, parse: (raw: string) => T | undefined, expected: MessageKey) => T, problems: ConfigProblem[]) {
  const xapiEndpoint = read<string | null>('XAPI_ENDPOINT', null, (raw) => (parseHttpUrl(raw) ? raw.replace(/\/?$/, '/') : undefined), 'config.expected.url');
  if (xapiEndpoint && (!env.XAPI_USERNAME || !env.XAPI_PASSWORD)) {
    problems.push({ variable: env.XAPI_USERNAME ? 'XAPI_PASSWORD' : 'XAPI_USERNAME', value: '', expected: 'config.expected.xapiCredentials' });
  }
  return {
    webhookAllowedHosts: read('WEBHOOK_ALLOWED_HOSTS', [] as string[], parseHostList, 'config.expected.hostList'),
    webhookAllowHttp: read('WEBHOOK_ALLOW_HTTP', false, parseBoolean, 'config.expected.boolean'),
    webhookTimeoutMs: read('WEBHOOK_TIMEOUT_SECONDS', 10, (raw) => (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 60 ? Number(raw) : undefined), 'config.expected.timeoutSeconds') * 1000,
    xapi: xapiEndpoint ? { endpoint: xapiEndpoint, username: env.XAPI_USERNAME ?? '', password: env.XAPI_PASSWORD ?? '' } : null,
  };
}

/** Host names (lower case), or *.suffix for every subdomain of a suffix; bracketless IPv6 literals too. */
function parseHostList(raw: string): string[] | undefined {
  const hosts = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  return hosts.every((h) => /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h) || /^[0-9a-f:.]+$/.test(h)) ? hosts : undefined;
}

/**
 * Where links that leave the platform point (certificates' verify link, QR code
 * and Open Badge): PUBLIC_URL, else the configured listening address. Never a
 * request's Host header, which whoever sends the request chooses.
 */
export function publicOrigin(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  return config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
}

export function sqlitePath(config: Config): string {
  return path.join(config.dataDir, 'hoctap.sqlite');
}

const providerIdPattern = /^[a-z][a-z0-9]{0,30}$/;

/**
 * OIDC_PROVIDERS=smartangiang,vneid, then for each OIDC_<ID>_ISSUER, _CLIENT_ID, _CLIENT_SECRET,
 * _NAME and optionally _SCOPES (default "openid profile phone"). The issuer must be https, except
 * on the machine itself (a provider run for development or tests).
 */
function readOidcProviders(env: NodeJS.ProcessEnv, problems: ConfigProblem[]): OidcProviderSettings[] {
  const list = env.OIDC_PROVIDERS?.trim();
  if (!list) return [];
  const ids = list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (ids.length === 0 || !ids.every((id) => providerIdPattern.test(id)) || new Set(ids).size !== ids.length) {
    problems.push({ variable: 'OIDC_PROVIDERS', value: list, expected: 'config.expected.oidcProviders' });
    return [];
  }
  return ids.map((id) => {
    const prefix = `OIDC_${id.toUpperCase()}_`;
    const required = (suffix: string, valid: (raw: string) => boolean, expected: MessageKey): string => {
      const raw = env[prefix + suffix]?.trim() ?? '';
      if (!valid(raw)) problems.push({ variable: prefix + suffix, value: raw, expected });
      return raw;
    };
    const issuer = required('ISSUER', isIssuerUrl, 'config.expected.oidcIssuer');
    const scopesRaw = env[`${prefix}SCOPES`]?.trim() || 'openid profile phone';
    const scopes = scopesRaw.split(/[\s,]+/).filter(Boolean);
    if (!scopes.includes('openid') || !scopes.every((scope) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))) {
      problems.push({ variable: `${prefix}SCOPES`, value: scopesRaw, expected: 'config.expected.oidcScopes' });
    }
    return {
      id,
      issuer,
      clientId: required('CLIENT_ID', (raw) => raw.length > 0, 'config.expected.nonEmpty'),
      clientSecret: required('CLIENT_SECRET', (raw) => raw.length > 0, 'config.expected.nonEmpty'),
      scopes,
      name: required('NAME', (raw) => raw.length > 0 && raw.length <= 60, 'config.expected.oidcName'),
    };
  });
}

function isIssuerUrl(raw: string): boolean {
  if (!canParseUrl(raw)) return false;
  const url = new URL(raw);
  if (url.search || url.hash || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
}

/** Hex or base64, at least 32 bytes. The value itself is never repeated in the complaint. */
function readSecretKey(raw: string | undefined, problems: ConfigProblem[]): Buffer | null {
  const text = raw?.trim() ?? '';
  if (text === '') return null;
  const bytes = /^([0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (bytes && bytes.length >= 32) return bytes;
  problems.push({ variable: 'SECRET_KEY', value: '…', expected: 'config.expected.secretKey' });
  return null;
}

function parseBoolean(raw: string): boolean | undefined {
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  return undefined;
}

function canParseUrl(raw: string): boolean {
  try {
    new URL(raw);
    return true;
  } catch {
    return false;
  }
}

function parseHttpUrl(raw: string): string | undefined {
  return /^https?:\/\/[^\s/]+/.test(raw) && canParseUrl(raw) ? raw : undefined;
}

function parseOriginList(raw: string): string[] | undefined {
  const origins = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const parsed = origins.map((o) => (parseHttpUrl(o) ? new URL(o).origin : undefined));
  return parsed.every((o) => o !== undefined) ? (parsed as string[]) : undefined;
}

/**
 * Origins written exactly as browsers send them (scheme://host[:port], no path): they go verbatim into a
 * Content-Security-Policy header, where a stray path, wildcard or ';' would change what is allowed.
 */
function parseExactOriginList(raw: string): string[] | undefined {
  const origins = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (origins.length === 0) return undefined;
  const exact = origins.map((o) => {
    const bare = o.replace(/\/$/, '');
    return parseHttpUrl(bare) && new URL(bare).origin === bare ? bare : undefined;
  });
  return exact.every((o) => o !== undefined) ? (exact as string[]) : undefined;
}

/** https, or http on this machine itself, which browsers treat as secure (local runs and tests). */
function isSecureContextUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function parseFingerprints(raw: string): string[] | undefined {
  const entries = raw.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  return entries.length > 0 && entries.every((e) => /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(e)) ? entries : undefined;
}

function parseIosAppIds(raw: string): string[] | undefined {
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return entries.length > 0 && entries.every((e) => /^[A-Z0-9]{10}\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(e)) ? entries : undefined;
}

const ipv4Cidr = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/;
const ipv6Cidr = /^[0-9a-f:]+(\/\d{1,3})?$/i;

function parseProxyList(raw: string): string[] | undefined {
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries.every((e) => ipv4Cidr.test(e) || (e.includes(':') && ipv6Cidr.test(e)) || e === 'loopback') ? entries : undefined;
}
