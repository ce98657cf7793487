import { z } from 'zod';
import type { Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http.ts';
import { errorBody, errorResponses } from '../platform/api-schema.ts';
import {
  accountDetail,
  accountId,
  accountList,
  accountListQuery,
  accountPatch,
  accountSummary,
  createdAccount,
  newAccountBody,
  oneTimePassword,
  roleBody,
  roleParams,
  rosterAccounts,
  rosterAccountsBody,
  sessionId,
  unitCode,
  villageRoster,
} from './account-admin.schema.ts';
import { createAccountAs } from './create-account.ts';
import { createRosterAccounts, readRosterAccounts } from './create-roster-accounts.ts';
import { listAccounts, readAccount } from './list-accounts.ts';
import { endSession, endSessions, grantRole, removeRole, resetPassword, setAccountActive } from './manage-account.ts';
import { optionalActor } from './session.plugin.ts';

/**
 * Account administration for province administrators and commune officers (`account:manage`),
 * each over the accounts of their own area and never above their own role.
 */
export function registerAccountAdminRoutes(app: HttpServer, db: Db): void {
  const tags = ['account administration'];
  const security = [{ session: [], csrf: [] }];
  const byId = z.object({ id: accountId });
  const withConflict = { ...errorResponses, 409: errorBody };

  app.get('/api/accounts', {
    schema: {
      tags,
      security,
      summary: 'The accounts of the caller’s area (every role inside it), by username',
      querystring: accountListQuery,
      response: { 200: accountList, ...errorResponses },
    },
    handler: (req) => listAccounts(db, optionalActor(req), req.query),
  });

  app.post('/api/accounts', {
    schema: {
      tags,
      security,
      summary: 'Create an account with one role and a one-time password (shown once)',
      body: newAccountBody,
      response: { 201: createdAccount, ...withConflict },
    },
    handler: async (req, reply) => reply.code(201).send(await createAccountAs(db, optionalActor(req), req.body)),
  });

  app.get('/api/accounts/:id', {
    schema: {
      tags,
      security,
      summary: 'An account: roles, last log-in, live sessions (a browser summary; no address)',
      params: byId,
      response: { 200: accountDetail, ...errorResponses },
    },
    handler: (req) => readAccount(db, optionalActor(req), req.params.id, req.auth?.sessionId ?? null),
  });

  app.patch('/api/accounts/:id', {
    schema: {
      tags,
      security,
      summary: 'Deactivate (ending every session) or reactivate an account',
      params: byId,
      body: accountPatch,
      response: { 200: accountSummary, ...errorResponses },
    },
    handler: (req) => setAccountActive(db, optionalActor(req), req.params.id, req.body.active),
  });

  app.post('/api/accounts/:id/password-reset', {
    schema: {
      tags,
      security,
      summary: 'A new one-time password, to be changed at the next log-in; every session ends',
      params: byId,
      response: { 200: oneTimePassword, ...errorResponses },
    },
    handler: (req) => resetPassword(db, optionalActor(req), req.params.id),
  });

  app.delete('/api/accounts/:id/sessions', {
    schema: {
      tags,
      security,
      summary: 'Log the account out everywhere',
      params: byId,
      response: { 200: z.object({ ended: z.number().int() }), ...errorResponses },
    },
    handler: (req) => endSessions(db, optionalActor(req), req.params.id),
  });

  app.delete('/api/accounts/:id/sessions/:sessionId', {
    schema: {
      tags,
      security,
      summary: 'End one session of the account (by the id the account’s page lists), leaving the others',
      params: byId.extend({ sessionId }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      await endSession(db, optionalActor(req), req.params.id, req.params.sessionId);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/accounts/:id/roles', {
    schema: {
      tags,
      security,
      summary: 'Grant a role at a unit (no higher than the caller’s own, inside their area)',
      params: byId,
      body: roleBody,
      response: { 200: accountSummary, ...errorResponses },
    },
    handler: (req) => grantRole(db, optionalActor(req), req.params.id, req.body),
  });

  app.delete('/api/accounts/:id/roles/:role/:orgUnitCode', {
    schema: {
      tags,
      security,
      summary: 'Remove a role (never the last one: deactivate instead)',
      params: roleParams,
      response: { 200: accountSummary, ...errorResponses },
    },
    handler: (req) => removeRole(db, optionalActor(req), req.params.id, req.params),
  });

  app.get('/api/villages/:code/team/accounts', {
    schema: {
      tags,
      security,
      summary: 'The village team’s current members and their accounts',
      params: z.object({ code: unitCode }),
      response: { 200: villageRoster, ...errorResponses },
    },
    handler: (req) => readRosterAccounts(db, optionalActor(req), req.params.code),
  });

  app.post('/api/villages/:code/team/accounts', {
    schema: {
      tags,
      security,
      summary: 'Create a team_member account of the village for each member chosen, with one-time passwords (all or nothing)',
      params: z.object({ code: unitCode }),
      body: rosterAccountsBody,
      response: { 201: rosterAccounts, ...withConflict },
    },
    handler: async (req, reply) => reply.code(201).send(await createRosterAccounts(db, optionalActor(req), req.params.code, req.body.memberIds)),
  });
}
