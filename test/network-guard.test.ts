/** The suite's network guard (test/setup/network-guard.ts) refuses anything but loopback, and loopback still works. */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const violations = () => (globalThis as { __networkViolations?: string[] }).__networkViolations!;

describe('network guard', () => {
  afterEach(() => {
    // This file makes violations on purpose; each test checks them, then clears them so that the guard's own afterEach passes.
    violations().splice(0);
  });

  it('throws on a connection to a public address and records it, even when the caller swallows the error', () => {
    expect(() => net.connect(443, '93.184.216.34')).toThrow(/network guard/);
    expect(violations()).toEqual([expect.stringContaining('93.184.216.34')]);
  });

  it('refuses private and IPv6 addresses too', () => {
    expect(() => net.connect({ port: 80, host: '10.0.0.1' })).toThrow(/network guard/);
    expect(() => net.connect({ port: 80, host: '2606:4700::1111' })).toThrow(/network guard/);
    expect(violations()).toHaveLength(2);
  });

  it('fails global fetch to the internet', async () => {
    await expect(fetch('http://203.0.113.9/')).rejects.toThrow();
    expect(violations()).toEqual([expect.stringContaining('203.0.113.9')]);
  });

  it('checks a name after it is resolved: a name resolving to a public address is refused', async () => {
    const socket = net.connect({ port: 80, host: 'example.test', lookup: (_host, _options, callback) => (callback as (e: null, a: string, f: number) => void)(null, '198.51.100.7', 4) });
    const error = await new Promise<Error>((resolve) => socket.on('error', resolve));
    expect(error.message).toMatch(/network guard.*198\.51\.100\.7/);
    expect(violations()).toHaveLength(1);
  });

  it('lets loopback through: an in-process server answers', async () => {
    const server = http.createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    expect(await (await fetch(`http://localhost:${port}/`)).text()).toBe('ok');
    await new Promise((resolve) => server.close(resolve));
    expect(violations()).toEqual([]);
  });
});
