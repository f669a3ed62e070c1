/**
 * The configured identity providers and what discovery learnt of each. Discovery is lazy and
 * cached: a provider that is down never stops the platform from starting, its buttons say so
 * when pressed, and the next press after a short pause tries again.
 */
import * as client from 'openid-client';
import type { Clock } from '../clock.js';
import type { OidcProviderSettings } from '../config.js';

/** Outbound HTTP to providers (discovery, token, keys, userinfo): injectable so that tests point it at their own servers. */
export type OidcFetch = client.CustomFetch;

const requestTimeoutMs = 5_000;
const retryAfterFailureMs = 15_000;

export const defaultOidcFetch: OidcFetch = (url, options) =>
  fetch(url, { ...(options as RequestInit), redirect: 'manual', signal: AbortSignal.timeout(requestTimeoutMs) });

type DiscoveryStatus = { state: 'not_tried' } | { state: 'ok' } | { state: 'failed'; at: number; message: string };

interface Discovered {
  server: client.ServerMetadata;
  jwks?: client.ExportedJWKSCache;
}

export class OidcProviders {
  private readonly discovered = new Map<string, Discovered>();
  private readonly failures = new Map<string, { at: number; message: string }>();
  private readonly inFlight = new Map<string, Promise<Discovered>>();

  constructor(
    readonly settings: readonly OidcProviderSettings[],
    private readonly clock: Clock,
    private readonly fetchEdge: OidcFetch = defaultOidcFetch,
  ) {}

  find(id: string): OidcProviderSettings | undefined {
    return this.settings.find((p) => p.id === id);
  }

  status(id: string): DiscoveryStatus {
    const failure = this.failures.get(id);
    if (failure) return { state: 'failed', ...failure };
    const ok = this.discovered.get(id);
    return ok ? { state: 'ok' } : { state: 'not_tried' };
  }

  /**
   * A Configuration for one exchange. Made afresh each time from the cached metadata so that it
   * carries the app clock's offset: ID token times are judged by the same clock as everything else.
   */
  async configuration(provider: OidcProviderSettings): Promise<client.Configuration> {
    const discovered = await this.discover(provider);
    const skewSeconds = Math.round((this.clock.now() - Date.now()) / 1000);
    const config = new client.Configuration(
      discovered.server,
      provider.clientId,
      { client_secret: provider.clientSecret, [client.clockSkew]: skewSeconds },
      client.ClientSecretBasic(provider.clientSecret),
    );
    this.prepare(config, provider);
    if (discovered.jwks) client.setJwksCache(config, discovered.jwks);
    return config;
  }

  /** Keeps the provider's signing keys fetched during an exchange for the next one. */
  remember(provider: OidcProviderSettings, config: client.Configuration): void {
    const discovered = this.discovered.get(provider.id);
    const jwks = client.getJwksCache(config);
    if (discovered && jwks) discovered.jwks = jwks;
  }

  /** Discovery now, for the admin screen: the status it shows is fresh. */
  async check(provider: OidcProviderSettings): Promise<DiscoveryStatus> {
    this.failures.delete(provider.id);
    try {
      await this.discover(provider);
      return { state: 'ok' };
    } catch {
      return this.status(provider.id);
    }
  }

  private prepare(config: client.Configuration, provider: OidcProviderSettings): void {
    config[client.customFetch] = this.fetchEdge;
    // openid-client trusts an ID token from the token endpoint by TLS alone unless told otherwise; the
    // platform checks its signature against the provider's published keys as well (defence in depth).
    client.enableNonRepudiationChecks(config);
    // config.ts allows http only for an issuer on this machine (development and tests).
    if (provider.issuer.startsWith('http://')) client.allowInsecureRequests(config);
  }

  private discover(provider: OidcProviderSettings): Promise<Discovered> {
    const known = this.discovered.get(provider.id);
    if (known) return Promise.resolve(known);
    const failure = this.failures.get(provider.id);
    if (failure && this.clock.now() - failure.at < retryAfterFailureMs) return Promise.reject(new Error(failure.message));
    let pending = this.inFlight.get(provider.id);
    if (!pending) {
      pending = this.runDiscovery(provider).finally(() => this.inFlight.delete(provider.id));
      this.inFlight.set(provider.id, pending);
    }
    return pending;
  }

  private async runDiscovery(provider: OidcProviderSettings): Promise<Discovered> {
    try {
      const execute = provider.issuer.startsWith('http://') ? [client.allowInsecureRequests] : [];
      const config = await client.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, client.ClientSecretBasic(provider.clientSecret), {
        [client.customFetch]: this.fetchEdge,
        execute,
      });
      const discovered = { server: config.serverMetadata() };
      this.discovered.set(provider.id, discovered);
      this.failures.delete(provider.id);
      return discovered;
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'discovery failed';
      this.failures.set(provider.id, { at: this.clock.now(), message });
      throw error;
    }
  }
}
