// The delegated Microsoft Graph permissions the tools need, with their ids, as an admin enters them in Entra.
import { tools as allTools } from "../../generated/tools.js";
import type { ToolDefinition } from "../tools/types.js";
import type { Config } from "../config/load.js";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/**
 * Delegated permission ids of Microsoft Graph (service principal 00000003-0000-0000-c000-000000000000), each checked
 * against Microsoft's "Microsoft Graph permissions reference", section "All permissions and IDs"
 * (https://learn.microsoft.com/graph/permissions-reference#all-permissions-and-ids;
 * source: microsoftgraph/microsoft-graph-docs-contrib, concepts/includes/permissions-ids.md). Type "Delegated" rows.
 */
export const DELEGATED_PERMISSION_IDS: Readonly<Record<string, string>> = {
  "Calendars.Read": "465a38f9-76ea-45b9-9f34-9e8b0d4b0b42",
  "ChannelMessage.Read.All": "767156cb-16ae-4d10-8f8b-41b657c8c8c8",
  "Chat.Read": "f501c180-9344-439a-bca0-6cbf209fd270",
  "Files.Read": "10465720-29dd-4523-a11a-6a75c743c9d9",
  "Files.Read.All": "df85f4d6-205c-4ac5-a5ea-6bf408dba283",
  "GroupMember.Read.All": "bc024368-1153-4739-b217-4326f2e966d0",
  "Mail.Read": "570282fd-fa5c-430d-a7fd-fc8dc98a9dca",
  "Mail.Read.Shared": "7b9103a5-4610-446b-9670-80643382c1fa",
  "Mail.ReadBasic": "a4b8392a-d8d1-4954-a029-8e668a39a170",
  "MailboxSettings.Read": "87f447af-9fa4-4c32-9dfa-4a57a73d18ce",
  "People.Read": "ba47897c-39ec-4d83-8086-ee8256fa737d",
  "Sites.Read.All": "205e70e5-aba6-4c52-a976-6d2d46c48043",
  "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
  "User.ReadBasic.All": "b340eb25-3456-403f-be2f-af7a0d370277",
};

/** Permissions no tool requires, which turn on something extra. */
export const OPTIONAL_PERMISSIONS: readonly { name: string; reason: string }[] = [
  { name: "GroupMember.Read.All", reason: "needed only when the policy file restricts users by group (allowedGroups)" },
  { name: "MailboxSettings.Read", reason: "lets get_me return the user's time zone and working hours" },
];

export interface PermissionEntry {
  name: string;
  /** Undefined when the table above does not know it: the Azure CLI lookup resolves it instead. */
  id: string | undefined;
}

export interface PermissionsReport {
  /** Each tool's permission sets: any one set (all permissions in it) is enough. */
  tools: { name: string; anyOf: string[][] }[];
  /** Every permission some tool can use: granting them all enables every tool. */
  required: PermissionEntry[];
  optional: (PermissionEntry & { reason: string; azureCli: string })[];
  adminConsentUrl: string;
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: "Scope" }[] }[];
  /** `az ad app permission add` for the permissions in total, then the admin-consent grant (after any optional ones). */
  azureCli: { add: string[]; adminConsent: string };
}

const entry = (name: string): PermissionEntry => ({ name, id: DELEGATED_PERMISSION_IDS[name] });

/** The Azure CLI query that looks a permission's id up in the tenant, for any permission the table lacks. */
export const idLookup = (name: string): string =>
  `az ad sp show --id ${GRAPH_APP_ID} --query "oauth2PermissionScopes[?value=='${name}'].id" -o tsv`;

/** `az ad app permission add` for these permissions; one the table lacks is looked up when the command runs. */
function permissionAdd(permissions: PermissionEntry[], clientId: string): string[] {
  const add = (ids: string) => `az ad app permission add --id ${clientId} --api ${GRAPH_APP_ID} --api-permissions ${ids}`;
  const known = permissions.flatMap((p) => (p.id ? [`${p.id}=Scope`] : []));
  return [...(known.length ? [add(known.join(" "))] : []), ...permissions.filter((p) => !p.id).map((p) => add(`"$(${idLookup(p.name)})=Scope"`))];
}

export function permissionsReport(config: Config | undefined, tools: readonly Pick<ToolDefinition, "name" | "scopes">[] = allTools): PermissionsReport {
  const entra = config?.entra;
  const required = [...new Set(tools.flatMap((tool) => tool.scopes.flat()))].sort().map(entry);
  const clientId = entra?.clientId ?? "<client-id>";
  const adminConsentUrl = entra
    ? `${new URL(`${entra.tenant}/adminconsent`, entra.authorityHost).href}?client_id=${entra.clientId}`
    : "https://login.microsoftonline.com/{tenant}/adminconsent?client_id={client-id}";
  return {
    tools: tools.map((tool) => ({ name: tool.name, anyOf: tool.scopes.map((set) => [...set]) })),
    required,
    optional: OPTIONAL_PERMISSIONS.map(({ name, reason }) => ({ ...entry(name), reason, azureCli: permissionAdd([entry(name)], clientId).join("\n") })),
    adminConsentUrl,
    requiredResourceAccess: [
      { resourceAppId: GRAPH_APP_ID, resourceAccess: required.flatMap((p) => (p.id ? [{ id: p.id, type: "Scope" as const }] : [])) },
    ],
    azureCli: { add: permissionAdd(required, clientId), adminConsent: `az ad app permission admin-consent --id ${clientId}` },
  };
}

const pad = (text: string, width: number): string => text.padEnd(width);

/** The manifest snippet with one permission per line, as it reads best in a terminal. */
function manifestJson(access: PermissionsReport["requiredResourceAccess"]): string {
  const entries = access.map(({ resourceAppId, resourceAccess }) =>
    [
      "  {",
      `    "resourceAppId": ${JSON.stringify(resourceAppId)},`,
      '    "resourceAccess": [',
      resourceAccess.map((a) => `      { "id": ${JSON.stringify(a.id)}, "type": ${JSON.stringify(a.type)} }`).join(",\n"),
      "    ]",
      "  }",
    ].join("\n"),
  );
  return `[\n${entries.join(",\n")}\n]`;
}

export function renderPermissions(report: PermissionsReport): string {
  const toolWidth = Math.max(...report.tools.map((t) => t.name.length)) + 2;
  const nameWidth = Math.max(...[...report.required, ...report.optional].map((p) => p.name.length)) + 2;
  const idOf = (p: PermissionEntry): string => p.id ?? `(id: ${idLookup(p.name)})`;
  return [
    "Delegated Microsoft Graph permissions (resource app 00000003-0000-0000-c000-000000000000, type Scope).",
    "",
    "Per tool (a tool is available when one of its alternatives, separated by |, is granted in full):",
    ...report.tools.map((t) => `  ${pad(t.name, toolWidth)}${t.anyOf.map((set) => set.join(" + ")).join(" | ")}`),
    "",
    `In total (grant these ${report.required.length} for every tool):`,
    ...report.required.map((p) => `  ${pad(p.name, nameWidth)}${idOf(p)}`),
    "",
    "Optional:",
    ...report.optional.map((p) => `  ${pad(p.name, nameWidth)}${idOf(p)}  ${p.reason}`),
    "",
    "Admin consent (an administrator of each tenant that uses the server opens this once):",
    `  ${report.adminConsentUrl}`,
    "",
    "App manifest (requiredResourceAccess), for the permissions in total:",
    manifestJson(report.requiredResourceAccess),
    "",
    "Or with the Azure CLI:",
    ...report.azureCli.add.map((line) => `  ${line}`),
    ...report.optional.flatMap((p) => [`  # optional, ${p.name}: ${p.reason}`, `  ${p.azureCli}`]),
    `  ${report.azureCli.adminConsent}`,
    "",
  ].join("\n");
}
