// Generates generated/ and the README's generated sections from spec/. With --check, writes nothing and
// exits 1 naming every stale file.
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import { emitGraphClient } from "./generate/graph-client.js";
import { HEADER } from "./generate/header.js";
import { configTable, permissionsTable, replaceSection, toolsTable } from "./generate/readme.js";
import { SpecError, loadSpec } from "./generate/spec.js";
import { emitRegistry, emitToolTypes, emitValidators } from "./generate/tools.js";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });

async function build(): Promise<Map<string, string>> {
  const spec = await loadSpec();
  const files = new Map<string, string>();
  files.set("generated/graph-types.ts", HEADER + astToString(await openapiTS(spec.contract as never)));
  files.set("generated/graph-client.ts", emitGraphClient(spec.contract, [...spec.operations.values()]));
  files.set("generated/tool-types.ts", await emitToolTypes(spec.tools));
  const validators = emitValidators(spec.tools);
  files.set("generated/validators.js", validators.js);
  files.set("generated/validators.d.ts", validators.dts);
  files.set("generated/tools.ts", emitRegistry(spec.tools));
  const readme = await readFile("README.md", "utf8");
  const sections: Array<[string, string]> = [
    ["tools", toolsTable(spec.tools)],
    ["permissions", permissionsTable(spec.tools)],
    ["config", configTable()],
  ];
  files.set("README.md", sections.reduce((text, [name, body]) => replaceSection(text, name, body), readme));
  return files;
}

async function main(): Promise<number> {
  let files: Map<string, string>;
  try {
    files = await build();
  } catch (error) {
    if (error instanceof SpecError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const existing = (await readdir("generated").catch(() => [] as string[])).map((f) => `generated/${f}`);
  const extra = existing.filter((f) => !files.has(f));
  if (values.check) {
    const stale: string[] = [...extra];
    for (const [path, text] of files) {
      if ((await readFile(path, "utf8").catch(() => "")) !== text) stale.push(path);
    }
    if (stale.length) {
      console.error(`generated output is stale; run npm run generate:\n  ${stale.join("\n  ")}`);
      return 1;
    }
    console.log(`generated/ and README.md are up to date (${files.size} files)`);
    return 0;
  }
  await mkdir("generated", { recursive: true });
  for (const path of extra) await rm(path);
  for (const [path, text] of files) await writeFile(path, text);
  console.log(`generated ${files.size} files`);
  return 0;
}

process.exitCode = await main();
