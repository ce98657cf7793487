import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { AppError, unauthenticated } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { userAgentSummary } from './account.rules.ts';
import { changePasswordBody, loginBody, session } from './account.schema.ts';
import { ownSessions, sessionId } from './account-admin.schema.ts';
import { endOwnSession, listOwnSessions } from './own-sessions.ts';
import { changePassword } from './change-password.ts';
import { createFailureCounter } from './login-throttle.ts';
import { logIn, logOut, presentMe } from './sessions.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session.plugin.ts';

/** Five log-in attempts a minute per address and username; the sixth waits. */
const LOGIN_LIMIT = { max: 5, timeWindow: 60_000 };
/** Twenty failed log-ins per address in 15 minutes, whatever the user names tried. */
const ADDRESS_FAILURES = { max: 20, windowMs: 15 * 60_000 };
/** Ten password changes per account in 15 minutes: the current password cannot be guessed through it. */
const PASSWORD_CHANGE_LIMIT = { max: 10, timeWindow: 15 * 60_000 };

const tooManyAttempts = (waitMs: number) => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError(429, 'auth.too_many_attempts', {
    vi: `Nhập sai quá nhiều lần. Vui lòng thử lại sau ${seconds} giây.`,
    en: `Too many wrong attempts. Please try again in ${seconds} seconds.`,
  });
};

export async function registerAccountRoutes(app: HttpServer, db: Db, sessionHours: number): Promise<void> {
  const tags = ['accounts'];
  const failuresByAddress = createFailureCounter(ADDRESS_FAILURES);
  await app.register(rateLimit, { global: false });

  app.post('/api/auth/login', {
    config: {
      rateLimit: {
        ...LOGIN_LIMIT,
        hook: 'preHandler',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
        errorResponseBuilder: (_req, context) => tooManyAttempts(context.ttl),
      },
    },
    schema: {
      tags,
      summary: 'Log in; sets the httpOnly session cookie',
      body: loginBody,
      response: { 200: session, 429: errorResponses[401], ...errorResponses },
    },
    handler: async (req, reply) => {
      const wait = failuresByAddress.waitFor(req.ip);
      if (wait > 0) throw tooManyAttempts(wait);
      const opened = await logIn(db, req.body, sessionHours, userAgentSummary(req.headers['user-agent'])).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'auth.invalid_credentials') failuresByAddress.recordFailure(req.ip);
        throw error;
      });
      setSessionCookie(reply, opened.token, opened.expiresAt);
      return { account: opened.me, csrfToken: opened.csrfToken };
    },
  });

  app.post('/api/auth/logout', {
    schema: { tags, summary: 'Log out: ends the session', response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logOut(db, token);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/auth/me', {
    schema: { tags, summary: 'The logged-in account, its roles and the CSRF token', response: { 200: session, ...errorResponses } },
    handler: async (req) => {
      const auth = req.auth;
      if (!auth) throw unauthenticated();
      return { account: presentMe(auth.actor, auth.mustChangePassword), csrfToken: auth.csrfToken };
    },
  });

  app.get('/api/auth/sessions', {
    schema: { tags, summary: 'One’s own live sessions, the current one marked (never a token)', response: { 200: ownSessions, ...errorResponses } },
    handler: async (req) => {
      const auth = req.auth;
      if (!auth) throw unauthenticated();
      return listOwnSessions(db, auth.actor, auth.sessionId);
    },
  });

  app.delete('/api/auth/sessions/:sessionId', {
    schema: {
      tags,
      summary: 'End one of one’s own sessions; ending the current one logs out',
      params: z.object({ sessionId }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      const auth = req.auth;
      if (!auth) throw unauthenticated();
      await endOwnSession(db, auth.actor, req.params.sessionId);
      if (req.params.sessionId === auth.sessionId) clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/auth/password', {
    config: {
      rateLimit: {
        ...PASSWORD_CHANGE_LIMIT,
        hook: 'preHandler',
        keyGenerator: (req) => req.auth?.actor.id ?? req.ip,
        errorResponseBuilder: (_req, context) => tooManyAttempts(context.ttl),
      },
    },
    schema: {
      tags,
      summary: 'Change one’s own password; every other session of the account ends',
      body: changePasswordBody,
      response: { 204: z.null(), 429: errorResponses[401], ...errorResponses },
    },
    handler: async (req, reply) => {
      const auth = req.auth;
      if (!auth) throw unauthenticated();
      await changePassword(db, auth.actor, req.body, auth.tokenHash);
      return reply.code(204).send(null);
    },
  });
}
