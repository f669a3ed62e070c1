/**
 * A webhook receiver in the test process (the process edge webhooks go to): it
 * verifies each delivery's signature with the standardwebhooks package, as a real
 * integrator would, and answers as the test tells it to.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedDelivery {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The signature checked out with the current secret. */
  verified: boolean;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface WebhookReceiver {
  port: number;
  received: ReceivedDelivery[];
  /** Deliveries whose signature verified, parsed. */
  accepted(): { type: string; timestamp: string; data: Record<string, unknown> }[];
  secret: string;
  /** Answers for the next requests, in order; then 204. */
  answers: Answer[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const state = {
    received: [] as ReceivedDelivery[],
    secret: '',
    answers: [] as Answer[],
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        new Webhook(state.secret).verify(body, request.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      state.received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, verified });
      if (!verified) {
        response.writeHead(401).end('bad signature');
        return;
      }
      const answer = state.answers.shift() ?? { status: 204 };
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      response.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get received() {
      return state.received;
    },
    accepted: () => state.received.filter((r) => r.verified).map((r) => JSON.parse(r.body)),
    get secret() {
      return state.secret;
    },
    set secret(value: string) {
      state.secret = value;
    },
    get answers() {
      return state.answers;
    },
    set answers(value: Answer[]) {
      state.answers = value;
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
