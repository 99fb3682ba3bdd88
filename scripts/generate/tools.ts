// Emits the tool registry, the tools' TypeScript types and their precompiled (ajv standalone) input and output validators.
import { _, Ajv2020 } from "ajv/dist/2020.js";
// Both are CommonJS: under Node ESM the default import is module.exports, whose .default is the function.
import standaloneModule from "ajv/dist/standalone/index.js";
import ajvFormatsModule from "ajv-formats";
import openapiTS, { astToString } from "openapi-typescript";
import toolFormats from "../../src/tools/formats.js";
import type { JsonSchema } from "../contract/schemas.js";
import { HEADER } from "./header.js";
import type { ToolSpec } from "./spec.js";

export const pascal = (name: string): string => name.replace(/(^|[_-])(\w)/g, (_, __: string, c: string) => c.toUpperCase());
const validatorName = (tool: ToolSpec): string => `${tool.name}_input`;
const outputValidatorName = (tool: ToolSpec): string => `${tool.name}_output`;

/** Output schemas describe what a tool sends; a default there would mean validation rewrites the result (useDefaults). */
function assertNoDefaults(schema: unknown, where: string): void {
  if (typeof schema !== "object" || schema === null) return;
  if (!Array.isArray(schema) && "default" in schema) throw new Error(`${where}: an output schema must not declare a default`);
  for (const [key, value] of Object.entries(schema)) assertNoDefaults(value, `${where}/${key}`);
}
const handlerIdentifier = (handler: string): string => handler.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

export async function emitToolTypes(tools: ToolSpec[]): Promise<string> {
  const schemas: Record<string, JsonSchema> = {};
  for (const tool of tools) {
    schemas[`${pascal(tool.name)}Input`] = tool.input;
    schemas[`${pascal(tool.name)}Output`] = tool.output;
  }
  const ast = await openapiTS({ openapi: "3.1.0", info: { title: "tools", version: "1" }, paths: {}, components: { schemas } } as never);
  const aliases = Object.keys(schemas).map((name) => `export type ${name} = components["schemas"]["${name}"];`);
  return `${HEADER}${astToString(ast)}\n${aliases.join("\n")}\n`;
}

/** Where the validators take their formats from, relative to generated/. */
const FORMATS_MODULE = "../src/tools/formats";

export function emitValidators(tools: ToolSpec[]): { js: string; dts: string } {
  // The validators check formats with src/tools/formats.ts, which ajv-formats keeps as the code reference.
  const ajv = new Ajv2020({ code: { source: true, esm: true, formats: _`require(${FORMATS_MODULE})` }, allErrors: true, strict: true, useDefaults: true });
  ajvFormatsModule.default(ajv);
  for (const [name, format] of Object.entries(toolFormats)) ajv.addFormat(name, format);
  const exports: Record<string, string> = {};
  for (const tool of tools) {
    ajv.addSchema(tool.input, validatorName(tool));
    exports[validatorName(tool)] = validatorName(tool);
    assertNoDefaults(tool.output, `${tool.name} output`);
    ajv.addSchema(tool.output, outputValidatorName(tool));
    exports[outputValidatorName(tool)] = outputValidatorName(tool);
  }
  // ajv's ESM output still loads its helpers with require(). Its runtime helpers (CommonJS) stay require()s, through
  // createRequire: a default import of them is module.exports under Node but exports.default where a loader applies
  // esModule interop (tsx running the tests did, once no format pulled in another import), which broke every call.
  // The formats module is ours and ESM, so it becomes an import.
  const code = standaloneModule.default(ajv, exports).replaceAll(`require("${FORMATS_MODULE}")`, "toolFormats");
  const imports = [
    code.includes("require(") ? `import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n` : "",
    code.includes("toolFormats") ? `import toolFormats from "${FORMATS_MODULE}.js";\n` : "",
  ].join("");
  const js = `${HEADER}${imports}${code.replace(/^"use strict";/, "")}\n`;
  const dts =
    `${HEADER}import type { ValidateFunction } from "ajv";\nimport type * as types from "./tool-types.js";\n\n` +
    tools
      .flatMap((tool) => [
        `export declare const ${validatorName(tool)}: ValidateFunction<types.${pascal(tool.name)}Input>;`,
        `export declare const ${outputValidatorName(tool)}: ValidateFunction<types.${pascal(tool.name)}Output>;`,
      ])
      .join("\n") +
    "\n";
  return { js, dts };
}

export function emitRegistry(tools: ToolSpec[]): string {
  const handlerImports = tools
    .filter((t): t is ToolSpec & { handler: string } => typeof t.handler === "string")
    .map((t) => `import ${handlerIdentifier(t.handler)} from "../src/tools/${t.handler}.js";`);
  const entries = tools.map((tool) => {
    const types = `types.${pascal(tool.name)}Input, types.${pascal(tool.name)}Output`;
    const run = tool.handler
      ? `bindHandler<${types}>(validators.${validatorName(tool)}, validators.${outputValidatorName(tool)}, ${handlerIdentifier(tool.handler)})`
      : `bindDeclarative<types.${pascal(tool.name)}Input>(validators.${validatorName(tool)}, validators.${outputValidatorName(tool)}, ${JSON.stringify(tool.declarative)}, ${JSON.stringify(tool.output)})`;
    const meta = {
      name: tool.name,
      title: tool.title,
      description: tool.description.trim(),
      annotations: { title: tool.title, ...tool.annotations },
      inputSchema: tool.input,
      outputSchema: tool.output,
      scopes: tool.scopes,
      strategies: tool.strategies ?? {},
      graph: tool.graph,
    };
    return `  {\n    ...${JSON.stringify(meta)},\n    run: ${run},\n  },`;
  });
  return `${HEADER}import { bindDeclarative } from "../src/tools/declarative.js";
import { bindHandler, type ToolDefinition } from "../src/tools/types.js";
import type * as types from "./tool-types.js";
import * as validators from "./validators.js";
${handlerImports.join("\n")}

export const tools: readonly ToolDefinition[] = [
${entries.join("\n")}
];
`;
}
