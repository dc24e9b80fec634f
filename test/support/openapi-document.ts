import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve } from 'path';
import * as ts from 'typescript';
import { NestFactory } from '@nestjs/core';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from '../../src/app/app.module';
import { completeOpenApiDocument } from '../../src/app/openapi-document';
import { openApiConfig } from '../../src/app/swagger';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');

const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');

/**
 * What the build's Swagger compiler plugin adds (nest-cli.json: property types, `required`,
 * class-validator limits, JSDoc comments), computed from the sources by the plugin's own
 * read-only visitor and loaded into the classes, as `nest build` would have compiled it in.
 */
async function loadSwaggerPluginMetadata(): Promise<void> {
  const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as { compilerOptions: { plugins: { name: string; options: object }[] } };
  const options = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger')!.options;
  const out = mkdtempSync(join(tmpdir(), 'swagger-metadata-'));
  try {
    new PluginMetadataGenerator().generate({
      visitors: [new ReadonlyVisitor({ ...options, pathToSource: SRC })],
      outputDir: out,
      watch: false,
      tsconfigPath: relative(process.cwd(), join(ROOT, 'tsconfig.build.json')), // read relative to the cwd
      printDiagnostics: false,
    });
    // The printed module imports the DTO files relative to src/: point it at them, then run it
    // with this module's require so it sees the very classes the application uses.
    const source = readFileSync(join(out, 'metadata.ts'), 'utf8').replace(/(["(])\.\//g, `$1${SRC}/`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const module = { exports: {} as { default: () => Promise<Record<string, unknown>> } };
    new Function('require', 'module', 'exports', js)(require, module, module.exports);
    await SwaggerModule.loadPluginMetadata(module.exports.default);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export interface OpenApiDocuments {
  /** What the controllers and DTOs declare (SwaggerModule.createDocument), before completion. */
  declared: OpenAPIObject;
  /** What GET /docs-json serves. */
  served: OpenAPIObject;
}

/** The application's OpenAPI document, built without a server or database (preview mode). */
export async function buildOpenApiDocuments(): Promise<OpenApiDocuments> {
  await loadSwaggerPluginMetadata();
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  try {
    const declared = SwaggerModule.createDocument(app, openApiConfig());
    const served = completeOpenApiDocument(structuredClone(declared));
    return { declared, served };
  } finally {
    await app.close();
  }
}
