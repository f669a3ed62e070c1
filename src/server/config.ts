import path from 'node:path';
import type { MessageKey } from '../shared/i18n/translate.js';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** postgres://… selects PostgreSQL; null means the SQLite file in dataDir. */
  readonly databaseUrl: string | null;
  readonly databasePoolSize: number;
  readonly demo: boolean;
  /** The address people use, e.g. https://hoctap.angiang.gov.vn; null while unknown (local runs). */
  readonly publicUrl: string | null;
  /** Extra origins allowed to send state-changing requests (the super-app's web view). */
  readonly allowedOrigins: readonly string[];
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
  readonly webRoot: string;
  /** Largest media file accepted (video, audio, PDF); images have their own, smaller limit. */
  readonly mediaMaxBytes: number;
  readonly imageMaxBytes: number;
  /** Largest course package (zip) accepted for import. */
  readonly packageMaxBytes: number;
  /** OpenID Connect identity providers people may sign in with (SmartAnGiang, later VNeID), in the order of the buttons. */
  readonly oidcProviders: readonly OidcProviderSettings[];
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

  const config: Config = {
    host: read('HOST', '127.0.0.1', (raw) => raw, 'config.expected.nonEmpty'),
    port: read('PORT', 3000, (raw) => (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 65535 ? Number(raw) : undefined), 'config.expected.port'),
    dataDir,
    databaseUrl: read<string | null>('DATABASE_URL', null, (raw) => (/^postgres(ql)?:\/\/.+/.test(raw) && canParseUrl(raw) ? raw : undefined), 'config.expected.databaseUrl'),
    databasePoolSize: positiveInteger('DATABASE_POOL_SIZE', 10),
    demo: read('DEMO', true, parseBoolean, 'config.expected.boolean'),
    publicUrl: read<string | null>('PUBLIC_URL', null, (raw) => parseHttpUrl(raw)?.replace(/\/$/, ''), 'config.expected.url'),
    allowedOrigins: read('ALLOWED_ORIGINS', [] as string[], parseOriginList, 'config.expected.url'),
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
    webRoot: path.resolve(cwd, env.WEB_ROOT || 'dist/web'),
    mediaMaxBytes: positiveInteger('MEDIA_MAX_MB', 300) * 1024 * 1024,
    imageMaxBytes: positiveInteger('IMAGE_MAX_MB', 20) * 1024 * 1024,
    packageMaxBytes: positiveInteger('PACKAGE_MAX_MB', 1024) * 1024 * 1024,
    oidcProviders: readOidcProviders(env, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
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

const ipv4Cidr = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/;
const ipv6Cidr = /^[0-9a-f:]+(\/\d{1,3})?$/i;

function parseProxyList(raw: string): string[] | undefined {
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries.every((e) => ipv4Cidr.test(e) || (e.includes(':') && ipv6Cidr.test(e)) || e === 'loopback') ? entries : undefined;
}
