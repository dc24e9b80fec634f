import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addWebhookCatalogue } from '../webhooks/webhook-catalogue';
import { API_KEY_SCHEME, applyAccessToOpenApi, BEARER_SCHEME } from './openapi-security';

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Complaint desk API')
    .setDescription(
      'Complaint intake, triage of emotional and rational needs, tiered response SLAs, escalation, remedies and revisits. ' +
        'Errors are application/problem+json; lists take ?limit= and ?cursor=.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, API_KEY_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .addSecurityRequirements(API_KEY_SCHEME)
    .build();
  const document = addWebhookCatalogue(applyAccessToOpenApi(SwaggerModule.createDocument(app, config)));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}
