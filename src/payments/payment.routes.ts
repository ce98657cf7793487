import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../platform/database.ts';
import { registerFileRoutes, type HttpServer } from '../platform/http.ts';
import { errorResponses } from '../platform/api-schema.ts';
import type { SecretBox } from '../platform/secret-box.ts';
import { BANK_PROVIDERS } from './bank-webhook.schema.ts';
import { receiveBankNotification } from './receive-bank-notification.ts';
import { createNotificationMemory } from './notification-memory.ts';
import { optionalActor } from '../accounts/index.ts';
import { bankFeed, createdBankFeed, feedChange, newBankFeed, payeeParams } from './bank-feed.schema.ts';
import { createBankFeed } from './create-bank-feed.ts';
import { listPayeeBankFeeds } from './list-bank-feeds.ts';
import { deactivateBankFeed } from './deactivate-bank-feed.ts';
import { payeeTransfersParams, payeeTransfersQuery, receivedTransfer, statementImport, statementQuery } from './received-transfer.schema.ts';
import { importBankStatement } from './import-bank-statement.ts';
import { IMPORT_SIZE_LIMIT, SPREADSHEET_UPLOAD } from '../platform/spreadsheet.ts';
import { badRequest } from '../platform/errors.ts';
import { readUnmatchedQueue } from './list-unmatched-transfers.ts';
import { setTransferAside } from './set-transfer-aside.ts';

// A provider's notification is small; anything near this is not one.
const WEBHOOK_BODY_LIMIT = 64 * 1024;

const notificationOutcome = z.object({
  success: z.literal(true),
  outcome: z.enum(['credited', 'duplicate', 'ignored']),
  transferId: z.uuid().nullable(),
});

/** The server's origin as the caller reached it (behind a proxy, as BANSO_TRUST_PROXY allows). */
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

const payeeOf = (params: { kind: string; payeeId: string }) => ({ kind: params.kind, id: params.payeeId });

const notAFile = () =>
  badRequest('statement.unsupported_format', {
    vi: 'Hãy gửi chính tệp sao kê CSV hoặc .xlsx (Content-Type: text/csv hoặc application/octet-stream).',
    en: 'Send the statement file itself, CSV or .xlsx (Content-Type: text/csv or application/octet-stream).',
  });

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Bank notifications in (webhooks), and the payee's feeds and transfer queue. */
export async function registerPaymentRoutes(app: HttpServer, db: Db, box: SecretBox): Promise<void> {
  const tags = ['payments'];
  const memory = createNotificationMemory();

  // A scope of its own: the webhooks take their body as bytes, read (and checked) by the use case,
  // so a malformed body is refused in the webhook's words and the raw notification is what is kept.
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

    for (const provider of BANK_PROVIDERS) {
      scope.post(`/api/payments/webhooks/${provider}/:feedId`, {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        config: { checksOwnText: true },
        schema: {
          tags,
          summary:
            provider === 'sepay'
              ? 'SePay bank notification (Authorization: Apikey <the feed’s key>); a copy answers success and credits nothing'
              : 'Casso Webhook V2 bank notification (X-Casso-Signature: t=…,v1=… HMAC-SHA512); a copy answers success and credits nothing',
          params: z.object({ feedId: z.uuid() }),
          response: { 200: notificationOutcome, ...errorResponses, 422: errorResponses[400] },
        },
        handler: (req) =>
          receiveBankNotification(db, box, memory, {
            provider,
            feedId: req.params.feedId,
            authorization: header(req.headers.authorization),
            signature: header(req.headers['x-casso-signature']),
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
            now: new Date(),
          }),
      });
    }
  });

  const security = [{ session: [] }];
  app.post('/api/payments/payees/:kind/:payeeId/feeds', {
    schema: {
      tags,
      security,
      summary:
        'Connect a payee’s bank account through SePay or Casso: returns the webhook address and, this once, the key to paste into the provider (audited)',
      params: payeeParams,
      body: newBankFeed,
      response: { 201: createdBankFeed, ...errorResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await createBankFeed(db, box, optionalActor(req), payeeOf(req.params), req.body, originOf(req))),
  });
  app.get('/api/payments/payees/:kind/:payeeId/feeds', {
    schema: {
      tags,
      security,
      summary: 'A payee’s bank feeds, oldest first (never their keys)',
      params: payeeParams,
      response: { 200: z.array(bankFeed), ...errorResponses },
    },
    handler: (req) => listPayeeBankFeeds(db, optionalActor(req), payeeOf(req.params), originOf(req)),
  });
  app.patch('/api/payments/feeds/:feedId', {
    schema: {
      tags,
      security,
      summary: 'Deactivate a bank feed ({ active: false }): its webhook stops taking notifications; its transfers are kept (audited)',
      params: z.object({ feedId: z.uuid() }),
      body: feedChange,
      response: { 200: bankFeed, ...errorResponses },
    },
    handler: (req) => deactivateBankFeed(db, memory, optionalActor(req), req.params.feedId, originOf(req)),
  });
  app.get('/api/payments/payees/:kind/:payeeId/unmatched-transfers', {
    schema: {
      tags,
      security,
      summary: 'A payee’s transfers waiting to be matched by hand (no usable reference in the content), oldest first',
      params: payeeTransfersParams,
      querystring: payeeTransfersQuery,
      response: { 200: z.array(receivedTransfer), ...errorResponses },
    },
    handler: (req) => readUnmatchedQueue(db, optionalActor(req), payeeOf(req.params), req.query.limit),
  });
  app.patch('/api/payments/transfers/:transferId', {
    schema: {
      tags,
      security,
      summary: 'Set a waiting transfer aside ({ state: "set_aside" }): the payee says it pays for nothing she sells; it leaves her queue and is kept (audited)',
      params: z.object({ transferId: z.uuid() }),
      body: z.object({ state: z.literal('set_aside') }),
      response: { 200: receivedTransfer, 409: errorResponses[400], ...errorResponses },
    },
    handler: (req) => setTransferAside(db, optionalActor(req), req.params.transferId),
  });

  // The statement is a file: a scope of its own for the raw-file parser and the size message.
  await registerFileRoutes(app, SPREADSHEET_UPLOAD, (scope) => {
    scope.post('/api/payments/feeds/:feedId/statements', {
      bodyLimit: IMPORT_SIZE_LIMIT,
      schema: {
        tags,
        security,
        summary:
          'Import a bank statement (CSV or .xlsx as the bank exports it) into a feed: the incoming transfers its webhook missed, all rows or none, none credited twice (audited)',
        params: z.object({ feedId: z.uuid() }),
        querystring: statementQuery,
        response: { 200: statementImport, ...errorResponses, 413: errorResponses[400] },
      },
      handler: (req) => {
        if (!Buffer.isBuffer(req.body)) throw notAFile();
        return importBankStatement(db, optionalActor(req), req.params.feedId, req.body, { dryRun: req.query.dryRun === 'true', encoding: req.query.encoding });
      },
    });
  });
}
