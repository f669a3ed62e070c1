/**
 * The one way a webhook leaves the platform, guarded against server-side request
 * forgery: the host must be on the allow-list (WEBHOOK_ALLOWED_HOSTS), every
 * address it resolves to must be public unicast (no loopback, private, link-local,
 * unique-local, multicast, unspecified, or an IPv4 one of those inside IPv6), and
 * the connection goes to the address that was checked — the socket's lookup is
 * pinned to it — so a second DNS answer (rebinding) cannot send us elsewhere.
 * Redirects are not followed (a 3xx is a failed attempt), the answer is read only
 * for a short excerpt, and everything times out.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** The network edge, injectable so that tests can point names at in-process receivers. */
export interface OutboundNetwork {
  resolve(host: string): Promise<string[]>;
  /**
   * A host, address and port let through despite the ranges above: only tests use it,
   * for their receiver's name on 127.0.0.1 and its exact port. Production passes none.
   */
  permit?(host: string, address: string, port: number): boolean;
}

export const systemNetwork: OutboundNetwork = {
  resolve: async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address),
};

export interface OutboundRules {
  allowedHosts: readonly string[];
  allowHttp: boolean;
}

export type RefusalCode = 'webhook_url_invalid' | 'webhook_host_not_allowed' | 'webhook_host_unresolvable' | 'webhook_address_not_allowed';

export class TargetRefused extends Error {
  constructor(readonly code: RefusalCode) {
    super(code);
  }
}

/** Only plain public unicast; IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries. */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  return address.range() === 'unicast';
}

/** `hooks.example.vn` matches itself; `*.example.vn` matches its subdomains (not example.vn itself). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry));
}

export interface CheckedTarget {
  url: URL;
  /** The address the connection must go to. */
  address: string;
}

/** Refuses a URL the platform must not send to; used at registration and again before every attempt. */
export async function checkTarget(raw: string, rules: OutboundRules, network: OutboundNetwork): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('webhook_url_invalid');
  }
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && rules.allowHttp);
  if (!schemeOk || url.username || url.password || url.hash) throw new TargetRefused('webhook_url_invalid');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostAllowed(host, rules.allowedHosts)) throw new TargetRefused('webhook_host_not_allowed');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await network.resolve(host);
    } catch {
      throw new TargetRefused('webhook_host_unresolvable');
    }
  }
  if (addresses.length === 0) throw new TargetRefused('webhook_host_unresolvable');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  // Every answer must be safe, not just the first: the resolver's order may change.
  if (addresses.some((a) => !isPublicAddress(a) && !network.permit?.(host, a, port))) throw new TargetRefused('webhook_address_not_allowed');
  return { url, address: addresses[0]! };
}

export interface PostOutcome {
  status: number | null;
  error: string | null;
  excerpt: string | null;
  durationMs: number;
}

const excerptChars = 300;

/** POSTs the body to the checked address; never throws, never follows a redirect. */
export function postPinned(target: CheckedTarget, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostOutcome> {
  const { url, address } = target;
  const family = isIP(address) === 6 ? 6 : 4;
  const pinned = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<PostOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const request = (url.protocol === 'https:' ? https : http).request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'HocTapSuotDoi-Webhooks/1' },
        agent: false,
        lookup: pinned,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        let excerpt = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          excerpt += chunk;
          // Enough for the admin to see what the receiver said; the rest is not read.
          if (excerpt.length >= excerptChars) response.destroy();
        });
        const done = () => finish({ status: response.statusCode ?? null, error: null, excerpt: excerpt.slice(0, excerptChars) || null });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: null, error: error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timeout' : (error.code ?? error.message).slice(0, 200), excerpt: null }),
    );
    request.end(body);
  });
}
