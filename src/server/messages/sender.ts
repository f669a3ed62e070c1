/**
 * How one-time codes reach people. The default writes the message to the server
 * log (development and pilots); SMS_SENDER=http posts it to an SMS gateway:
 *
 *   POST $SMS_HTTP_URL
 *   Authorization: Bearer $SMS_HTTP_TOKEN
 *   Content-Type: application/json
 *   {"to": "+84912345678", "text": "…"}
 *
 * Any 2xx answer counts as accepted. A gateway with another format gets a small
 * adapter implementing MessageSender.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { PhoneNumber } from '../../shared/phone.js';
import type { Config } from '../config.js';

export interface OutgoingMessage {
  to: PhoneNumber;
  text: string;
}

export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>;
}

export function logMessageSender(log: Pick<FastifyBaseLogger, 'info'>): MessageSender {
  return {
    async send(message) {
      log.info({ to: message.to, text: message.text }, 'SMS (SMS_SENDER=log: not sent, only logged)');
    },
  };
}

export function httpMessageSender(url: string, token: string | null): MessageSender {
  return {
    async send(message) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(message),
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    },
  };
}

export function messageSenderFromConfig(config: Config, log: Pick<FastifyBaseLogger, 'info'>): MessageSender {
  return config.smsSender === 'http' && config.smsHttpUrl ? httpMessageSender(config.smsHttpUrl, config.smsHttpToken) : logMessageSender(log);
}
