// Reads Microsoft's Graph CSDL into plain maps keyed by fully qualified name (aliases resolved).
import { XMLParser } from "fast-xml-parser";

export interface CsdlProperty {
  name: string;
  type: string;
  collection: boolean;
  nullable: boolean;
  navigation: boolean;
}

export interface CsdlStructuredType {
  kind: "entity" | "complex";
  fullName: string;
  baseType?: string;
  abstract: boolean;
  open: boolean;
  properties: CsdlProperty[];
}

export interface CsdlEnumType {
  kind: "enum";
  fullName: string;
  members: string[];
  flags: boolean;
}

export interface CsdlOperation {
  kind: "action" | "function";
  name: string;
  bindingType: string;
  parameters: CsdlProperty[];
  returnType?: CsdlProperty;
}

export interface CsdlModel {
  types: Map<string, CsdlStructuredType | CsdlEnumType>;
  operations: CsdlOperation[];
}

type XmlNode = Record<string, unknown>;

const ARRAY_ELEMENTS = new Set(["Schema", "EntityType", "ComplexType", "EnumType", "Member", "Property", "NavigationProperty", "Action", "Function", "Parameter"]);

function list(node: XmlNode, key: string): XmlNode[] {
  const value = node[key];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === "string" ? value : undefined;
}

function required(node: XmlNode, name: string): string {
  const value = attr(node, name);
  if (value === undefined) throw new Error(`CSDL element is missing the ${name} attribute`);
  return value;
}

export function parseCsdl(xml: string): CsdlModel {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ARRAY_ELEMENTS.has(name) });
  const root = parser.parse(xml) as XmlNode;
  const edmx = root["edmx:Edmx"] as XmlNode | undefined;
  const services = edmx?.["edmx:DataServices"] as XmlNode | undefined;
  if (!services) throw new Error("not an OData CSDL document (no edmx:DataServices)");
  const schemas = list(services, "Schema");

  const aliases = new Map<string, string>();
  for (const schema of schemas) {
    const alias = attr(schema, "Alias");
    if (alias) aliases.set(alias, required(schema, "Namespace"));
  }
  const qualify = (name: string): string => {
    const dot = name.lastIndexOf(".");
    if (dot < 0) return name;
    const ns = name.slice(0, dot);
    return `${aliases.get(ns) ?? ns}${name.slice(dot)}`;
  };
  const property = (node: XmlNode, navigation: boolean): CsdlProperty => {
    const raw = required(node, "Type");
    const match = /^Collection\((.+)\)$/.exec(raw);
    return {
      name: required(node, "Name"),
      type: qualify(match?.[1] ?? raw),
      collection: match !== null,
      nullable: attr(node, "Nullable") !== "false",
      navigation,
    };
  };

  const types = new Map<string, CsdlStructuredType | CsdlEnumType>();
  const operations: CsdlOperation[] = [];
  for (const schema of schemas) {
    const ns = required(schema, "Namespace");
    for (const [kind, key] of [["entity", "EntityType"], ["complex", "ComplexType"]] as const) {
      for (const node of list(schema, key)) {
        const fullName = `${ns}.${required(node, "Name")}`;
        const baseType = attr(node, "BaseType");
        types.set(fullName, {
          kind,
          fullName,
          ...(baseType ? { baseType: qualify(baseType) } : {}),
          abstract: attr(node, "Abstract") === "true",
          open: attr(node, "OpenType") === "true",
          properties: [
            ...list(node, "Property").map((p) => property(p, false)),
            ...list(node, "NavigationProperty").map((p) => property(p, true)),
          ],
        });
      }
    }
    for (const node of list(schema, "EnumType")) {
      const fullName = `${ns}.${required(node, "Name")}`;
      types.set(fullName, {
        kind: "enum",
        fullName,
        members: list(node, "Member").map((m) => required(m, "Name")),
        flags: attr(node, "IsFlags") === "true",
      });
    }
    for (const [kind, key] of [["action", "Action"], ["function", "Function"]] as const) {
      for (const node of list(schema, key)) {
        const [binding, ...parameters] = list(node, "Parameter").map((p) => property(p, false));
        if (!binding || attr(node, "IsBound") !== "true") continue;
        const returnNode = node["ReturnType"] as XmlNode | undefined;
        operations.push({
          kind,
          name: required(node, "Name"),
          bindingType: binding.type,
          parameters,
          ...(returnNode ? { returnType: property({ ...returnNode, "@_Name": "return" }, false) } : {}),
        });
      }
    }
  }
  return { types, operations };
}
