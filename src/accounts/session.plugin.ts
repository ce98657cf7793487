import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/database.ts';
import { AppError, unauthenticated } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http.ts';
import type { Actor } from './access.policy.ts';
import { csrfTokenMatches, resolveSession, type ResolvedSession } from './sessions.ts';

export const SESSION_COOKIE = 'banso_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in session, or null for an anonymous request. */
    auth: ResolvedSession | null;
  }
}

const csrfRejected = () =>
  new AppError(403, 'auth.csrf', {
    vi: 'Thiếu hoặc sai mã chống giả mạo (CSRF). Vui lòng tải lại trang.',
    en: 'Missing or wrong anti-forgery (CSRF) token. Please reload the page.',
  });

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: 'auto', path: '/', expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * Reads the session cookie of every API request. A cookie-authenticated write must also carry
 * the session's CSRF token in `x-csrf-token` (SameSite=Strict is the first guard; this the second).
 */
export function registerSessions(app: HttpServer, db: Db, sessionHours: number): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.auth = await resolveSession(db, token, sessionHours);
    if (!request.auth) {
      clearSessionCookie(reply);
      return;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (!csrfTokenMatches(request.auth.csrfToken, typeof header === 'string' ? header : undefined)) throw csrfRejected();
    }
  });
}

/** The actor of a request that needs one: 401 for anonymous requests. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.auth) throw unauthenticated();
  return request.auth.actor;
}

/** The actor if logged in, else null: for routes whose use case decides (and audits) access. */
export function optionalActor(request: FastifyRequest): Actor | null {
  return request.auth?.actor ?? null;
}
