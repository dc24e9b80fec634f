import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { addWebhookCatalogue } from '../webhooks/webhook-catalogue';
import { completeOpenApiDocument } from './openapi-document';
import { API_KEY_SCHEME, BEARER_SCHEME } from './openapi-security';

/** The document's header: title, server, licence, security schemes. */
export function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  const config = new DocumentBuilder()
    .setTitle('Complaint desk API')
    .setDescription(
      'Complaint intake, triage of emotional and rational needs, tiered response SLAs, escalation, remedies and revisits. ' +
        'Errors are application/problem+json (schema `Problem`); lists take ?limit= and ?cursor= and answer `{ items, nextCursor }`. ' +
        "Each operation's description names the roles allowed.",
    )
    .setVersion('1')
    .addServer('/', 'The server that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, API_KEY_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .addSecurityRequirements(API_KEY_SCHEME)
    .build();
  // Proprietary (package.json: UNLICENSED): there is no licence text at a URL to link to.
  config.info.license = { name: 'Proprietary (UNLICENSED), all rights reserved' };
  delete config.info.contact; // DocumentBuilder leaves an empty one
  return config;
}

/** The OpenAPI document of the application's routes, completed from the permission table (src/app/openapi-document.ts). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return addWebhookCatalogue(completeOpenApiDocument(SwaggerModule.createDocument(app, openApiConfig())));
}

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}
