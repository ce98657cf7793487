import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/database.ts';
import { AppError, unauthenticated } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http.ts';
import type { Actor } from './access.policy.ts';
import { isTrustedOrigin } from './request-origin.rules.ts';
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

const originRejected = () =>
  new AppError(403, 'auth.origin', {
    vi: 'Yêu cầu thay đổi dữ liệu đến từ một trang không phải của Bản Số, nên bị từ chối.',
    en: 'A request to change data came from a page that is not Bản Số, so it was refused.',
  });

const passwordChangeRequired = () =>
  new AppError(403, 'auth.password_change_required', {
    vi: 'Bạn đang dùng mật khẩu dùng một lần. Hãy đổi mật khẩu trước khi làm việc khác.',
    en: 'You logged in with a one-time password. Change your password before doing anything else.',
  });

/**
 * What an account holding a one-time password may do: change it, log out (or in as another), read its own session
 * (and the server's health, which the page footer shows). Everything else waits for the change.
 */
const OPEN_BEFORE_PASSWORD_CHANGE = new Set([
  'POST /api/auth/login',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'GET /api/health',
]);

export interface SessionOptions {
  sessionHours: number;
  /** Origins other than the server's own whose pages may write with a session (a second domain name). */
  allowedOrigins: readonly string[];
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: 'auto', path: '/', expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * Reads the session cookie of every API request, the one place that decides what a session may
 * reach. A cookie-authenticated write must also carry the session's CSRF token in `x-csrf-token`
 * and come from this site's pages (`Origin`, else `Referer`); SameSite=Strict is the first guard.
 * A session opened with a one-time password reaches only the password change until it is changed.
 */
export function registerSessions(app: HttpServer, db: Db, options: SessionOptions): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.auth = await resolveSession(db, token, options.sessionHours);
    if (!request.auth) {
      clearSessionCookie(reply);
      return;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (!csrfTokenMatches(request.auth.csrfToken, typeof header === 'string' ? header : undefined)) throw csrfRejected();
      const ownOrigin = `${request.protocol}://${request.host}`;
      if (!isTrustedOrigin({ origin: request.headers.origin, referer: request.headers.referer }, ownOrigin, options.allowedOrigins)) throw originRejected();
    }
    if (request.auth.mustChangePassword && !OPEN_BEFORE_PASSWORD_CHANGE.has(`${request.method} ${request.routeOptions.url ?? ''}`))
      throw passwordChangeRequired();
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
