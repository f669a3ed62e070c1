/**
 * Server-sent events for big screens, fed from the database so that every app process behind a load balancer shows
 * the same thing. Each process polls the state of each event that has a screen connected, at most every 2 s, once for
 * all its connections to that event, and pushes it when it changed; a connection gets the current state at once.
 * Connections are capped per process. A screen whose token was revoked is told ("revoked") and its stream ends.
 */
import type { ServerResponse } from 'node:http';
import type { EventId, ScreenTokenId } from '../../shared/ids.js';

export interface LiveSource<State> {
  /** The state of an event, as JSON-able data; `changeKey` is what is compared to decide whether to push. */
  state(eventId: EventId): Promise<{ data: State; changeKey: string }>;
  /** Whether a token still opens its screen. */
  tokenLive(tokenId: ScreenTokenId): Promise<boolean>;
}

interface Client {
  response: ServerResponse;
  tokenId: ScreenTokenId;
}

interface Channel {
  clients: Set<Client>;
  lastKey: string | null;
}

export class LiveHub<State> {
  private readonly channels = new Map<EventId, Channel>();
  private connections = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly source: LiveSource<State>,
    private readonly options: { maxConnections: number; pollMs: number; heartbeatMs: number; retryMs: number },
  ) {}

  get full(): boolean {
    return this.connections >= this.options.maxConnections;
  }

  /** Starts a stream on a hijacked response: the current state first, then every change. */
  async open(eventId: EventId, tokenId: ScreenTokenId, response: ServerResponse, headers: Record<string, string>): Promise<void> {
    this.connections += 1;
    const client = { response, tokenId };
    let channel = this.channels.get(eventId);
    if (!channel) {
      channel = { clients: new Set(), lastKey: null };
      this.channels.set(eventId, channel);
    }
    channel.clients.add(client);
    response.on('close', () => this.drop(eventId, client));
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    response.write(`retry: ${this.options.retryMs}\n\n`);
    try {
      const { data, changeKey } = await this.source.state(eventId);
      channel.lastKey = changeKey;
      send(response, 'state', data);
    } catch {
      response.end();
    }
    this.start();
  }

  private drop(eventId: EventId, client: Client): void {
    const channel = this.channels.get(eventId);
    if (!channel?.clients.delete(client)) return;
    this.connections -= 1;
    if (channel.clients.size === 0) this.channels.delete(eventId);
    if (this.connections === 0) this.stop();
  }

  private start(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollMs);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
    this.pollTimer.unref();
    this.heartbeatTimer.unref();
  }

  private stop(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.pollTimer = null;
    this.heartbeatTimer = null;
  }

  private heartbeat(): void {
    for (const channel of this.channels.values()) for (const client of channel.clients) client.response.write(': heartbeat\n\n');
  }

  /** One round: each event's state once, pushed to all its screens if it changed; revoked tokens told and closed. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const [eventId, channel] of this.channels) {
        const tokens = new Map<ScreenTokenId, boolean>();
        for (const client of [...channel.clients]) {
          if (!tokens.has(client.tokenId)) tokens.set(client.tokenId, await this.source.tokenLive(client.tokenId));
          if (!tokens.get(client.tokenId)) {
            send(client.response, 'revoked', {});
            client.response.end();
          }
        }
        if (channel.clients.size === 0) continue;
        const { data, changeKey } = await this.source.state(eventId);
        if (changeKey === channel.lastKey) continue;
        channel.lastKey = changeKey;
          for (const client of channel.clients) send(client.response, 'state', data);
      }
    } catch {
      // The database was away for a moment: the next round tries again, screens keep what they show.
    } finally {
      this.polling = false;
    }
  }

  /** Ends every stream (the process is closing); screens reconnect to another process. */
  close(): void {
    this.stop();
    for (const channel of this.channels.values()) for (const client of channel.clients) client.response.end();
  }
}

function send(response: ServerResponse, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
