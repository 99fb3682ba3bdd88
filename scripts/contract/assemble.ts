// Shared by the contract derivation and the generator: how operations.yaml becomes the contract document.
import type { JsonSchema } from "./schemas.js";

export const OPERATIONS_PATH = "spec/graph/operations.yaml";
export const CONTRACT_PATH = "spec/graph/contract.yaml";
export const CONTRACT_HEADER = `# DERIVED FILE, do not edit. Made by scripts/derive-contract.ts from ${OPERATIONS_PATH}\n# and Microsoft's Graph v1.0 CSDL (microsoftgraph/msgraph-metadata, schemas/v1.0-Prod.csdl).\n`;
const REF_PREFIX = "#/components/schemas/";

export interface DeriveSection {
  roots: string[];
  expand: string[];
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith(REF_PREFIX)) into.add(value.slice(REF_PREFIX.length));
      else collectRefs(value, into);
    }
  }
}

/** Parameter lists may splice shared lists in through YAML aliases; OpenAPI wants them flat. */
function flattenParameters(paths: Record<string, Record<string, JsonSchema>>): void {
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (Array.isArray(operation["parameters"])) operation["parameters"] = (operation["parameters"] as unknown[]).flat();
    }
  }
}

export function contractFromOperations(operations: JsonSchema): { document: JsonSchema; refs: string[]; derive: DeriveSection } {
  const { "x-derive": derive, ...document } = structuredClone(operations);
  flattenParameters(document["paths"] as Record<string, Record<string, JsonSchema>>);
  const handWritten = Object.keys(((document["components"] as JsonSchema | undefined)?.["schemas"] ?? {}));
  const refs = new Set<string>();
  collectRefs(document, refs);
  for (const name of handWritten) refs.delete(name);
  const section = (derive ?? {}) as Partial<DeriveSection>;
  return { document, refs: [...refs].sort(), derive: { roots: section.roots ?? [], expand: section.expand ?? [] } };
}
