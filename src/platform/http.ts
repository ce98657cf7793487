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
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, type Issue } from './errors.ts';

export type HttpServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** 1 MB is plenty for any JSON body; imports declare their own larger limit. */
const BODY_LIMIT = 1024 * 1024;

/** The HTTP server every module registers its routes on: schemas, errors, headers, API docs. */
export async function createHttpServer(options: { logLevel?: string; version: string }): Promise<HttpServer> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(
      new AppError(404, 'http.not_found', {
        vi: `Không tìm thấy ${request.method} ${request.url}.`,
        en: `Nothing at ${request.method} ${request.url}.`,
      }).toBody(),
    );
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
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
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: false,
  });
  // A phone on one bar of signal: the app's JS and the API's tables shrink 3–5× gzipped.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
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
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

function handleError(error: FastifyError | AppError, _request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return reply.code(error.status).send(error.toBody());
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: Issue[] = error.validation.map((v) => {
      const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return {
        code: 'validation.invalid',
        field: field || undefined,
        message: { vi: `Giá trị không hợp lệ: ${v.message}`, en: `Invalid value: ${v.message}` },
      };
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
