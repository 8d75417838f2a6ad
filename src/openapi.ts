import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { CONTRACT_SCHEMA } from './contracts/domain/contract-schema';

/** Where editors and tools fetch the contract document's JSON Schema (docs/contract.schema.json). */
export const CONTRACT_SCHEMA_URL = '/docs/contract.schema.json';

/** OpenAPI at /docs/openapi.json, Swagger UI at /docs, the contract JSON Schema beside them. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('SLA Sentinel')
    .setDescription(
      'SLA compliance monitor for outsourcing contracts. Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'sla_admin_…, sla_viewer_… or sla_vendor_… token',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
  // Served as the OpenAPI document is: a route on the HTTP adapter, public like the rest of /docs.
  const schema = `${JSON.stringify(CONTRACT_SCHEMA, null, 2)}\n`;
  app
    .getHttpAdapter()
    .get(CONTRACT_SCHEMA_URL, (_request: unknown, reply: { type(t: string): { send(b: string): void } }) => {
      reply.type('application/schema+json; charset=utf-8').send(schema);
    });
}
