// Derives spec/graph/contract.yaml: the hand-written operations plus the component schemas derived from
// Microsoft's Graph CSDL (microsoftgraph/msgraph-metadata, schemas/v1.0-Prod.csdl).
// Usage: npm run contract -- <path to v1.0.csdl> [--check]
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parse, stringify } from "yaml";
import { parseCsdl } from "./contract/csdl.js";
import { ContractDeriver, type JsonSchema } from "./contract/schemas.js";
import { CONTRACT_PATH, OPERATIONS_PATH, contractFromOperations, CONTRACT_HEADER } from "./contract/assemble.js";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { check: { type: "boolean", default: false } } });
const csdlPath = positionals[0];
if (!csdlPath) {
  console.error("usage: npm run contract -- <path to v1.0.csdl> [--check]\n(Microsoft publishes it as schemas/v1.0-Prod.csdl in github.com/microsoftgraph/msgraph-metadata)");
  process.exit(2);
}

const operations = parse(await readFile(OPERATIONS_PATH, "utf8")) as JsonSchema;
const { document, refs, derive } = contractFromOperations(operations);
const deriver = new ContractDeriver(parseCsdl(await readFile(csdlPath, "utf8")), { refs, ...derive });
const components = document["components"] as { schemas: Record<string, JsonSchema> };
components.schemas = { ...components.schemas, ...deriver.derive() };
const text = CONTRACT_HEADER + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });

if (values.check) {
  const current = await readFile(CONTRACT_PATH, "utf8").catch(() => "");
  if (current !== text) {
    console.error(`${CONTRACT_PATH} is stale: run npm run contract -- ${csdlPath}`);
    process.exit(1);
  }
  console.log(`${CONTRACT_PATH} is up to date`);
} else {
  await writeFile(CONTRACT_PATH, text);
  console.log(`wrote ${CONTRACT_PATH}: ${Object.keys((document["paths"] ?? {})).length} paths, ${Object.keys(components.schemas).length} schemas`);
}
