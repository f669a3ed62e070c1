/**
 * Tests never reach the network: every socket the test process opens must go to
 * a loopback address (PostgreSQL, the app under test, in-process receivers, the
 * browser's debugging pipe) or a Unix socket. Anything else throws at connect and,
 * in case the code under test swallowed that error (a webhook sender records it
 * as a failed attempt), fails the test after it ends. Names are allowed only
 * when they resolve to loopback: the check runs on the resolved address, after
 * any custom lookup, exactly as the connection would use it.
 */
import dns from 'node:dns';
import net from 'node:net';
import { afterEach } from 'vitest';
import ipaddr from 'ipaddr.js';

const violations: string[] = ((globalThis as { __networkViolations?: string[] }).__networkViolations ??= []);

// A PostgreSQL the run was pointed at (TEST_POSTGRES_URL) may live on another machine.
const allowedHosts = new Set<string>(['localhost']);
if (process.env.TEST_POSTGRES_URL) allowedHosts.add(new URL(process.env.TEST_POSTGRES_URL).hostname);

function isLoopback(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'loopback';
}

function refuse(target: string): Error {
  const message = `network guard: a test tried to connect to ${target}; tests may only reach loopback (mock the edge instead)`;
  violations.push(message);
  return Object.assign(new Error(message), { code: 'ENETUNREACH' });
}

type Lookup = NonNullable<net.TcpSocketConnectOpts['lookup']>;

/** Wraps a lookup so that only loopback answers come back. */
function loopbackOnly(lookup: Lookup, host: string): Lookup {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    (lookup as (h: string, o: dns.LookupOptions, c: (...args: unknown[]) => void) => void)(hostname, options, (error: unknown, address: unknown, family: unknown) => {
      if (error) return callback(error);
      const all = Array.isArray(address) ? (address as { address: string }[]).map((a) => a.address) : [address as string];
      const bad = all.find((a) => !isLoopback(a));
      if (bad) return callback(refuse(`${host} (${bad})`));
      callback(null, address, family);
    });
  }) as Lookup;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  // Node calls connect with its own normalized [options, callback] array, or as the public API does.
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  let options: net.SocketConnectOpts | undefined;
  if (first && typeof first === 'object') options = first as net.SocketConnectOpts;
  else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) options = { port: Number(first), host: typeof args[1] === 'string' ? args[1] : 'localhost' };
  if (options && !('path' in options && options.path)) {
    const tcp = options as net.TcpSocketConnectOpts;
    const host = tcp.host ?? 'localhost';
    if (net.isIP(host)) {
      if (!isLoopback(host)) throw refuse(host);
    } else if (!allowedHosts.has(host)) {
      tcp.lookup = loopbackOnly(tcp.lookup ?? (dns.lookup as unknown as Lookup), host);
    }
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

afterEach(() => {
  if (violations.length === 0) return;
  const found = violations.splice(0);
  throw new Error(found.join('\n'));
});
