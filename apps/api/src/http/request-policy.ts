import type { Request } from 'express';

/** Methods that change state; browsers send the others without asking anyone. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isUnsafeMethod = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase());

/**
 * The console's own origin: the configured public URL when the API sits behind a proxy that
 * rewrites the host, otherwise the scheme and host this request arrived on (the console is served
 * by the same process on the same port).
 */
export function consoleOrigin(req: Request, publicUrl: string | null): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

/** The request's claimed origin: the Origin header, or lacking it, the Referer's origin. */
export function requestOrigin(req: Request): string | null {
  const origin = req.headers.origin;
  if (origin && origin !== 'null') return origin;
  if (origin === 'null') return 'null';
  const referer = req.headers.referer;
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Cross-site request forgery: an unsafe request authenticated by the session cookie must come
 * from the console's own origin, proven by Origin (or Referer). A request that names neither is
 * refused too, since browsers always send Origin with cross-site POSTs and scripts on other
 * sites must not be able to strip it (e.g. through a form with `referrerpolicy`). Requests with an
 * API key carry no ambient credentials and are not checked.
 */
export function checkOrigin(req: Request, publicUrl: string | null, required: boolean): OriginVerdict {
  const claimed = requestOrigin(req);
  const own = consoleOrigin(req, publicUrl);
  if (claimed === null) {
    return required ? { ok: false, reason: 'A request with the session cookie must say where it comes from (Origin header); use an API key for scripts.' } : { ok: true };
  }
  if (claimed !== own) return { ok: false, reason: `Requests from ${claimed} may not use the console's session; only ${own} may.` };
  return { ok: true };
}
