import { ConsoleLogger, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Express, Request, Response } from 'express';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { Secrets } from './config/secrets';
import { answerMalformedRequestsInTheErrorShape } from './common/client-error';
import { requestIdMiddleware } from './common/request-id.middleware';
import { requestLogMiddleware } from './common/request-log.middleware';
import { strictValidationPipe } from './common/validation';
import { mountAssets } from './web/assets';
import { securityHeaders } from './web/security-headers';
import { WEB_ROOT, WEB_ROUTES } from './web/web-routes';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: AppConfig): ConsoleLogger {
  return new ConsoleLogger({
    json: config.logFormat === 'json',
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    prefix: 're100-ledger',
  });
}

/** Builds the HTTP application on a migrated database; used by `main.ts` and by the e2e tests. */
export async function createApp(
  config: AppConfig,
  secrets: Secrets,
  databaseUrl: string,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, secrets, databaseUrl),
    {
      bodyParser: false,
      logger: createLogger(config),
    },
  );
  // X-Forwarded-For is believed only from the proxies the operator names (TRUST_PROXY).
  app.set('trust proxy', config.trustProxy ?? false);
  app.disable('x-powered-by');
  app.use(requestIdMiddleware, requestLogMiddleware, securityHeaders);
  mountAssets(app.getHttpAdapter().getInstance() as Express);
  // Bodies are read after authentication, by each route's rule (common/request-body/).
  answerMalformedRequestsInTheErrorShape(app.getHttpServer());
  // The web pages (src/web/) live outside the API's prefix.
  app.setGlobalPrefix('api/v1', { exclude: ['health', ...WEB_ROUTES] });
  app.useGlobalPipes(strictValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('re100-ledger API')
      .setDescription(
        'RE100 / Scope 2 energy ledger. Sign in with POST /api/v1/auth/login and send the token as ' +
          '`Authorization: Bearer <token>`; machine keys use the same header or `X-API-Key`. Users who belong to ' +
          'several organizations name one in `X-Organization-Id`. Every error has the shape of ErrorResponseDto.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .addGlobalParameters({
        name: 'X-Organization-Id',
        in: 'header',
        required: false,
        schema: { type: 'string', format: 'uuid' },
      })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  // A person who opens the service's address lands on the web pages (the API documentation is /api/docs).
  (app.getHttpAdapter().getInstance() as Express).get('/', (_req: Request, res: Response) =>
    res.redirect(302, `/${WEB_ROOT}`),
  );
  return app;
}
