/**
 * Security headers, computed once at start and set on every answer.
 * The Content-Security-Policy allows no inline script; lesson videos may come
 * from YouTube's privacy-enhanced domain, images and media from any HTTPS host.
 * Only the platform frames its answers, except the PWA's pages when
 * EMBED_ALLOWED_ORIGINS lists the super-app's origins (`framablePageHeaders`).
 */
import { youTubeEmbedHost } from '../../shared/embeds.js';

function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data: blob:",
    "media-src 'self' https: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
    `frame-src https://${youTubeEmbedHost}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "script-src-attr 'none'",
  ].join('; ');
}

export function securityHeaders(options: { https: boolean }): Readonly<Record<string, string>> {
  return {
    'content-security-policy': contentSecurityPolicy([]),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    // HSTS only where the platform is known to be served over HTTPS (PUBLIC_URL); on 127.0.0.1 it would only do harm.
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * What an HTML page of the PWA sends instead, when origins may frame it: frame-ancestors lists them, and
 * X-Frame-Options goes (it can name no other origin, and browsers that know CSP ignore it anyway). Null when
 * nothing but the platform may frame it. API answers and files never get this.
 */
export function framablePageHeaders(embedAllowedOrigins: readonly string[]): { contentSecurityPolicy: string } | null {
  return embedAllowedOrigins.length > 0 ? { contentSecurityPolicy: contentSecurityPolicy(embedAllowedOrigins) } : null;
}

/**
 * The API reference (/api/docs, Swagger UI) has a policy of its own: its scripts and styles are files of
 * this origin, except one <style> element Swagger UI adds (allowed by its
 * hash: a new Swagger UI version that changes it fails test/e2e/api-docs.test.ts, which prints the new hash),
 * and its logo is a data: image. Nothing else loads, nothing frames it, and "try it out" reaches only this origin.
 */
export const apiReferenceCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "script-src-attr 'none'",
].join('; ');
