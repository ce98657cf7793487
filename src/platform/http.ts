import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { safeParse, type $ZodIssue, type $ZodType } from 'zod/v4/core';
import { AppError, badRequest, type Issue } from './errors.ts';
import { unstorableTextAt } from './text.ts';
import { describeIssue } from './validation-messages.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route refuses unstorable text in its body itself (a sync push answers item by item). */
    checksOwnText?: boolean;
  }
}

export type HttpServer = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Smaller answers gain too little from compression to pay for it. */
const COMPRESS_FROM_BYTES = 1024;
/** What answers are compressed with, for clients that accept it, brotli first. */
const KEPT_ENCODINGS: ('br' | 'gzip')[] = ['br', 'gzip'];
type KeptEncoding = (typeof KEPT_ENCODINGS)[number];

/** 1 MB is plenty for any JSON body; imports declare their own larger limit. */
const BODY_LIMIT = 1024 * 1024;

/**
 * The provider's validator, but each zod issue kept whole, its input included: the error handler
 * words it in both languages and tells a missing field ("required") from a wrong one. The input
 * is never sent back.
 */
const validatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema }) =>
  (data) => {
    const result = safeParse(schema, data, { reportInput: true });
    if (!result.error) return { value: result.data };
    const error: FastifySchemaValidationError[] = result.error.issues.map((issue) => ({
      keyword: issue.code,
      instancePath: `/${issue.path.join('/')}`,
      schemaPath: '',
      message: issue.message,
      params: { issue },
    }));
    return { error };
  };

const zodIssueOf = (v: FastifySchemaValidationError): $ZodIssue | undefined => (v.params as { issue?: $ZodIssue }).issue;

/** The one content security policy: nothing inline, nothing from elsewhere. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The API docs page gets the same policy, with the one inline style element its bundled Swagger UI
 * (React) inserts allowed by its hash: the plugin's own policy let any https: style and image in.
 * A browser test opens the page and fails on any violation, so a new Swagger UI that inserts
 * something else is caught.
 */
const SWAGGER_UI_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";
function docsCsp(): string {
  const directives: Record<string, string[]> = { ...CSP, styleSrc: [...CSP.styleSrc, SWAGGER_UI_STYLE] };
  return Object.entries(directives)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');
}

/** The HTTP server every module registers its routes on: schemas, errors, headers, API docs. */
export async function createHttpServer(options: { logLevel?: string; version: string; trustProxy?: boolean | string }): Promise<HttpServer> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    // A URL whose percent-encoding does not decode never reaches a route: answer it in our shape.
    frameworkErrors: handleFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.addHook('preValidation', refuseUnstorableText);
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(
      new AppError(404, 'http.not_found', {
        vi: `Không tìm thấy ${request.method} ${request.url}.`,
        en: `Nothing at ${request.method} ${request.url}.`,
      }).toBody(),
    );
  });

  // Helmet's middleware made once, its headers worked out once: the Fastify plugin builds it anew
  // for every request, which was a tenth of what a cached scorecard answer cost (BENCHMARKS.md).
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { ...CSP, upgradeInsecureRequests: null } },
    crossOriginEmbedderPolicy: false,
    hsts: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  // A phone on one bar of signal: the app's JS and the API's tables shrink 3–5× gzipped.
  await app.register(compress, { global: true, threshold: COMPRESS_FROM_BYTES, encodings: KEPT_ENCODINGS });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bản Số API',
        version: options.version,
        description:
          'Digital transformation of a province, from the household up. Aggregated figures are public; household records need an account scoped to their territory.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'banso_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: docsCsp() });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/** Routes that take a file as their body: its types, its size limit, and the refusal of a larger one. */
export interface FileUpload {
  /** The Content-Types read as bytes; '*' for any the app does not parse otherwise (the bytes decide). */
  contentTypes: string | string[];
  limit: number;
  tooLarge: (bytes: number) => AppError;
}

/**
 * Registers routes whose body is a file, read as its bytes up to `upload.limit`, in a scope of
 * their own so that other routes keep their parsers; a larger body is refused with
 * `upload.tooLarge` in the one error shape, before it is read.
 */
export async function registerFileRoutes(app: HttpServer, upload: FileUpload, routes: (scope: HttpServer) => void): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(upload.contentTypes, { parseAs: 'buffer', bodyLimit: upload.limit }, (_request, body, done) => done(null, body));
    scope.setErrorHandler<FastifyError>((error, request) => {
      // Rethrown, an error goes on to the app's handler, which answers in the one error shape.
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw upload.tooLarge(Number(request.headers['content-length'] ?? upload.limit + 1));
      throw error;
    });
    routes(scope);
  });
}

/**
 * PostgreSQL refuses a NUL character (and half a surrogate pair) in text: such a request is the
 * caller's mistake, said once here for every route, and never reaches a query to fail there as a 500.
 */
async function refuseUnstorableText(request: FastifyRequest) {
  const parts = [request.params, request.query, request.routeOptions.config.checksOwnText ? undefined : request.body];
  for (const part of parts) {
    const field = unstorableTextAt(part);
    if (field === undefined) continue;
    throw badRequest(
      'text.unstorable',
      {
        vi: `Trường ${field || '(không tên)'} chứa ký tự không lưu được (ký tự rỗng NUL hoặc lỗi mã hóa).`,
        en: `The field ${field || '(unnamed)'} holds a character that cannot be stored (a NUL or broken encoding).`,
      },
      field || undefined,
    );
  }
}

function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code !== 'FST_ERR_BAD_URL') return handleError(error, request, reply);
  return reply.code(400).send(
    new AppError(400, 'http.bad_url', {
      vi: 'Địa chỉ yêu cầu không hợp lệ (mã hóa phần trăm sai).',
      en: 'The request address is not valid (broken percent-encoding).',
    }).toBody(),
  );
}

function handleError(error: FastifyError | AppError, _request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return reply.code(error.status).send(error.toBody());
  if ('validation' in error && error.validation) {
    const issues: Issue[] = error.validation.map((v) => {
      const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const issue = zodIssueOf(v);
      const message = issue ? describeIssue(issue) : { vi: 'Giá trị không hợp lệ.', en: `Invalid value: ${v.message ?? ''}` };
      return { code: 'validation.invalid', field: field || undefined, message };
    });
    const first = issues[0];
    return reply.code(400).send({
      error: {
        code: 'validation.invalid',
        message: {
          vi: `Dữ liệu gửi lên không hợp lệ${first?.field ? ` (trường ${first.field})` : ''}.`,
          en: `The request is not valid${first?.field ? ` (field ${first.field})` : ''}.`,
        },
        field: first?.field,
        issues,
      },
    });
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.code(413).send(
      new AppError(413, 'http.body_too_large', {
        vi: 'Dữ liệu gửi lên quá lớn.',
        en: 'The request body is too large.',
      }).toBody(),
    );
  }
  if (error.statusCode === 429) {
    return reply.code(429).send(
      new AppError(429, 'http.too_many_requests', {
        vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau ít phút.',
        en: 'Too many requests; please try again in a minute.',
      }).toBody(),
    );
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send(
      new AppError(error.statusCode, 'http.bad_request', {
        vi: 'Yêu cầu không hợp lệ.',
        en: `Bad request: ${error.message}`,
      }).toBody(),
    );
  }
  reply.log.error(error);
  return reply.code(500).send(
    new AppError(500, 'internal', {
      vi: 'Đã có lỗi bất ngờ; dữ liệu không bị thay đổi. Vui lòng thử lại.',
      en: 'Something unexpected went wrong; nothing was changed. Please try again.',
    }).toBody(),
  );
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const ENCODE: Record<KeptEncoding, (bytes: Buffer) => Promise<Buffer>> = {
  // The compress plugin's own quality for brotli; in the thread pool, off the event loop.
  br: (bytes) => brotli(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  gzip: (bytes) => gzip(bytes),
};
/** Kept bytes compressed, made once per encoding, forgotten with the bytes. */
const encodedAnswers = new WeakMap<Buffer, Partial<Record<KeptEncoding, Promise<Buffer>>>>();

/**
 * Sends bytes kept in memory (an answer between changes, a file read once) as they are, and to a
 * browser that accepts it compressed, once per kept answer rather than once per request: the
 * compress plugin would brotli the whole province's scorecard for every reader (BENCHMARKS.md).
 */
export async function sendKeptBytes(request: FastifyRequest, reply: FastifyReply, kept: Buffer, type: string): Promise<FastifyReply> {
  void reply.type(type).header('vary', 'accept-encoding');
  const encoding = kept.length >= COMPRESS_FROM_BYTES ? negotiate(request.headers['accept-encoding'] ?? '', KEPT_ENCODINGS) : null;
  if (!encoding) return reply.send(kept);
  let encoded = encodedAnswers.get(kept);
  if (!encoded) encodedAnswers.set(kept, (encoded = {}));
  const bytes = await (encoded[encoding] ??= ENCODE[encoding](kept));
  return reply.header('content-encoding', encoding).send(bytes);
}

/**
 * An answer already serialised to JSON, kept between changes, under a route whose schema still
 * describes the object for validation of the docs and clients.
 */
export const sendJsonBytes = (request: FastifyRequest, reply: FastifyReply, json: Buffer) =>
  sendKeptBytes(request, reply, json, 'application/json; charset=utf-8');
