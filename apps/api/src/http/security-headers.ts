import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Hashes of the inline scripts in the console's entry page (SvelteKit's boot script), for script-src. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`'sha256-${createHash('sha256').update(match[1] ?? '', 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * Security headers on every response: a Content-Security-Policy that the built console satisfies
 * (scripts only from this origin plus the entry page's own boot script, by hash; no framing; no
 * plugins), nosniff, X-Frame-Options DENY and a strict referrer policy. Styles may be inline
 * because the console sets widths and positions in style attributes; scripts may not.
 */
export function securityHeaders(consoleEntry: string | null): RequestHandler {
  const scriptHashes = consoleEntry ? inlineScriptHashes(readFileSync(consoleEntry, 'utf8')) : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scriptHashes],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    noSniff: true,
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only means something over HTTPS; helmet sends it, and browsers ignore it on plain HTTP.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    crossOriginEmbedderPolicy: false,
  });
}
