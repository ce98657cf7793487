import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import { AppError, unauthenticated } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import { changePasswordBody, loginBody, session } from './account.schema.ts';
import { changePassword } from './change-password.ts';
import { logIn, logOut, presentMe } from './sessions.ts';
import { clearSessionCookie, requireActor, SESSION_COOKIE, setSessionCookie } from './session.plugin.ts';

/** Five log-in attempts a minute per address and username; the sixth waits. */
const LOGIN_LIMIT = { max: 5, timeWindow: 60_000 };

export async function registerAccountRoutes(app: HttpServer, db: Db, sessionHours: number): Promise<void> {
  const tags = ['accounts'];
  await app.register(rateLimit, { global: false });

  app.post('/api/auth/login', {
    config: {
      rateLimit: {
        ...LOGIN_LIMIT,
        hook: 'preHandler',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
        errorResponseBuilder: (_req, context) =>
          new AppError(429, 'auth.too_many_attempts', {
            vi: `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(context.ttl / 1000)} giây.`,
            en: `Too many log-in attempts. Please try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
          }),
      },
    },
    schema: { tags, summary: 'Log in; sets the httpOnly session cookie', body: loginBody, response: { 200: session, 429: errorResponses[401], ...errorResponses } },
    handler: async (req, reply) => {
      const opened = await logIn(db, req.body, sessionHours);
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

  app.post('/api/auth/password', {
    schema: { tags, summary: 'Change one’s own password', body: changePasswordBody, response: { 204: z.null(), ...errorResponses } },
    handler: async (req, reply) => {
      await changePassword(db, requireActor(req), req.body);
      return reply.code(204).send(null);
    },
  });

}
