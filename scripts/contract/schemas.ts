// Turns the CSDL types reachable from the contract's operations into JSON Schemas (OpenAPI 3.1 dialect).
import type { CsdlEnumType, CsdlModel, CsdlOperation, CsdlProperty, CsdlStructuredType } from "./csdl.js";

export type JsonSchema = Record<string, unknown>;

export interface DeriveOptions {
  /** Component names the operations reference: a type, `{type}CollectionResponse`, or `{bindingType}.{operation}.requestBody|response`. */
  refs: string[];
  /** Concrete types a polymorphic property may carry (search hits, attachments). */
  roots: string[];
  /** Entity navigation properties the operations expand, as `{type}/{property}`. */
  expand: string[];
}

const REF_PREFIX = "#/components/schemas/";
const COLLECTION_SUFFIX = "CollectionResponse";
const ANNOTATIONS = { "^@|@": {} };

const PRIMITIVES: Record<string, JsonSchema> = {
  "Edm.String": { type: "string" },
  "Edm.Boolean": { type: "boolean" },
  "Edm.Byte": { type: "integer", minimum: 0, maximum: 255 },
  "Edm.SByte": { type: "integer" },
  "Edm.Int16": { type: "integer" },
  "Edm.Int32": { type: "integer" },
  "Edm.Int64": { type: "integer" },
  "Edm.Single": { type: "number" },
  "Edm.Double": { type: "number" },
  "Edm.Decimal": { type: "number" },
  "Edm.Guid": { type: "string", format: "uuid" },
  "Edm.DateTimeOffset": { type: "string", format: "date-time" },
  "Edm.Date": { type: "string", format: "date" },
  "Edm.TimeOfDay": { type: "string", pattern: "^\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$" },
  "Edm.Duration": { type: "string", pattern: "^-?P" },
  "Edm.Binary": { type: "string", contentEncoding: "base64" },
  "Edm.Stream": { type: "string" },
  "microsoft.graph.Json": {},
};

type ActionRef = { operation: CsdlOperation; part: "requestBody" | "response" };

export class ContractDeriver {
  private readonly included = new Set<string>();
  private readonly expand: Set<string>;

  constructor(private readonly model: CsdlModel, private readonly options: DeriveOptions) {
    this.expand = new Set(options.expand);
  }

  derive(): Record<string, JsonSchema> {
    for (const root of this.options.roots) this.include(root);
    for (const ref of this.options.refs) {
      const action = this.actionRef(ref);
      if (action) this.includeOperation(action.operation);
      else this.include(ref.endsWith(COLLECTION_SUFFIX) ? ref.slice(0, -COLLECTION_SUFFIX.length) : ref);
    }
    const schemas: Record<string, JsonSchema> = {};
    for (const name of [...this.included].sort()) schemas[name] = this.typeSchema(this.type(name));
    for (const ref of this.options.refs) {
      if (schemas[ref]) continue;
      const action = this.actionRef(ref);
      schemas[ref] = action ? this.operationSchema(action) : this.collectionSchema(ref.slice(0, -COLLECTION_SUFFIX.length));
    }
    return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  }

  private type(name: string): CsdlStructuredType | CsdlEnumType {
    const type = this.model.types.get(name);
    if (!type) throw new Error(`${name} is not a type in the CSDL`);
    return type;
  }

  private actionRef(ref: string): ActionRef | undefined {
    const match = /^(.+)\.([^.]+)\.(requestBody|response)$/.exec(ref);
    if (!match) return undefined;
    const [, bindingType, name, part] = match as unknown as [string, string, string, ActionRef["part"]];
    const operation = this.model.operations.find((op) => op.name === name && op.bindingType === bindingType);
    if (!operation) throw new Error(`${ref}: no operation ${name} bound to ${bindingType} in the CSDL`);
    return { operation, part };
  }

  private includeOperation(operation: CsdlOperation): void {
    for (const p of operation.parameters) this.includeProperty(p);
    if (operation.returnType) this.includeProperty(operation.returnType);
  }

  private includeProperty(property: CsdlProperty): void {
    if (!(property.type in PRIMITIVES)) this.include(property.type);
  }

  private include(name: string): void {
    if (this.included.has(name)) return;
    const type = this.type(name);
    this.included.add(name);
    if (type.kind === "enum") return;
    for (const t of this.lineage(type)) {
      this.included.add(t.fullName);
      for (const p of this.ownProperties(t)) this.includeProperty(p);
    }
  }

  /** The type and its base types, most general first. */
  private lineage(type: CsdlStructuredType): CsdlStructuredType[] {
    const chain: CsdlStructuredType[] = [];
    for (let t: CsdlStructuredType | undefined = type; t; ) {
      chain.unshift(t);
      const base: CsdlStructuredType | CsdlEnumType | undefined = t.baseType ? this.type(t.baseType) : undefined;
      t = base?.kind === "enum" ? undefined : base;
    }
    return chain;
  }

  /** Entity navigation properties appear in a response only when expanded; complex types carry theirs inline. */
  private ownProperties(type: CsdlStructuredType): CsdlProperty[] {
    return type.properties.filter(
      (p) => !p.navigation || type.kind === "complex" || this.expand.has(`${type.fullName}/${p.name}`),
    );
  }

  private typeSchema(type: CsdlStructuredType | CsdlEnumType): JsonSchema {
    if (type.kind === "enum") {
      return type.flags ? { type: "string", description: `Flags of ${type.members.join(", ")}` } : { type: "string", enum: type.members };
    }
    const properties: Record<string, JsonSchema> = {};
    for (const t of this.lineage(type)) {
      for (const p of this.ownProperties(t)) properties[p.name] = this.propertySchema(p);
    }
    return {
      type: "object",
      ...(type.abstract ? { "x-abstract": true } : {}),
      properties,
      patternProperties: ANNOTATIONS,
      additionalProperties: type.open,
    };
  }

  private propertySchema(property: CsdlProperty): JsonSchema {
    const value = this.valueSchema(property.type);
    if (property.collection) return { type: "array", items: value };
    if (!property.nullable) return value;
    if (typeof value["type"] === "string") return { ...value, type: [value["type"], "null"], ...(value["enum"] ? { enum: [...(value["enum"] as string[]), null] } : {}) };
    return { anyOf: [value, { type: "null" }] };
  }

  /** A reference to a type stands for the type or any included concrete type derived from it. */
  private valueSchema(name: string): JsonSchema {
    const primitive = PRIMITIVES[name];
    if (primitive) return primitive;
    const type = this.type(name);
    if (type.kind === "enum") return { $ref: REF_PREFIX + name };
    const candidates = [...this.included]
      .map((n) => this.type(n))
      .filter((t): t is CsdlStructuredType => t.kind !== "enum" && !t.abstract && this.lineage(t).includes(type))
      .map((t) => t.fullName)
      .sort();
    const own = candidates.length > 0 ? candidates : [name];
    const refs = own.map((n) => ({ $ref: REF_PREFIX + n }));
    return refs.length === 1 ? (refs[0] as JsonSchema) : { anyOf: refs };
  }

  private collectionSchema(itemType: string): JsonSchema {
    return {
      type: "object",
      required: ["value"],
      properties: {
        value: { type: "array", items: this.valueSchema(itemType) },
        "@odata.context": { type: "string" },
        "@odata.count": { type: "integer" },
        "@odata.nextLink": { type: "string", format: "uri" },
      },
      additionalProperties: false,
    };
  }

  private operationSchema({ operation, part }: ActionRef): JsonSchema {
    if (part === "requestBody") {
      const properties: Record<string, JsonSchema> = {};
      const requiredNames: string[] = [];
      for (const p of operation.parameters) {
        const name = p.name.charAt(0).toLowerCase() + p.name.slice(1);
        properties[name] = this.propertySchema(p);
        if (!p.nullable) requiredNames.push(name);
      }
      return { type: "object", ...(requiredNames.length ? { required: requiredNames } : {}), properties, additionalProperties: false };
    }
    const returnType = operation.returnType;
    if (!returnType) throw new Error(`${operation.bindingType}.${operation.name} returns nothing`);
    if (!returnType.collection) return this.valueSchema(returnType.type);
    return {
      type: "object",
      required: ["value"],
      properties: { value: { type: "array", items: this.valueSchema(returnType.type) }, "@odata.context": { type: "string" } },
      additionalProperties: false,
    };
  }
}
