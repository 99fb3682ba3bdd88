// The package's version; an import, so the compiled build carries it without reading package.json at run time.
import packageJson from "../package.json" with { type: "json" };

export const VERSION: string = packageJson.version;
