// m365-mcp permissions: what an admin grants the app registration, with ids checked against Microsoft's reference.
import assert from "node:assert/strict";
import { tools } from "../../generated/tools.js";
import { DELEGATED_PERMISSION_IDS, GRAPH_APP_ID, idLookup, permissionsReport, renderPermissions, type PermissionsReport } from "../../src/cli/permissions.js";
import { runCli, type Finished } from "./support.js";

const CLIENT_ID = "c0ffee00-0000-4000-8000-00000000c11e";
const ENTRA: NodeJS.ProcessEnv = { M365_MCP_CLIENT_ID: CLIENT_ID, M365_MCP_CLIENT_SECRET: "s3cret", M365_MCP_PUBLIC_URL: "https://mcp.contoso.test" };

// Transcribed separately from the source table, from the "All permissions and IDs" list of Microsoft's Graph
// permissions reference (Delegated rows), so a typo in either fails the test.
const REFERENCE_IDS: Record<string, string> = {
  "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
  "User.ReadBasic.All": "b340eb25-3456-403f-be2f-af7a0d370277",
  "Sites.Read.All": "205e70e5-aba6-4c52-a976-6d2d46c48043",
  "Files.Read": "10465720-29dd-4523-a11a-6a75c743c9d9",
  "Files.Read.All": "df85f4d6-205c-4ac5-a5ea-6bf408dba283",
  "Mail.ReadBasic": "a4b8392a-d8d1-4954-a029-8e668a39a170",
  "Mail.Read": "570282fd-fa5c-430d-a7fd-fc8dc98a9dca",
  "Mail.Read.Shared": "7b9103a5-4610-446b-9670-80643382c1fa",
  "Chat.Read": "f501c180-9344-439a-bca0-6cbf209fd270",
  "ChannelMessage.Read.All": "767156cb-16ae-4d10-8f8b-41b657c8c8c8",
  "Calendars.Read": "465a38f9-76ea-45b9-9f34-9e8b0d4b0b42",
  "People.Read": "ba47897c-39ec-4d83-8086-ee8256fa737d",
  "GroupMember.Read.All": "bc024368-1153-4739-b217-4326f2e966d0",
  "MailboxSettings.Read": "87f447af-9fa4-4c32-9dfa-4a57a73d18ce",
};

const REQUIRED = [
  "Calendars.Read", "ChannelMessage.Read.All", "Chat.Read", "Files.Read", "Files.Read.All", "Mail.Read", "Mail.Read.Shared",
  "Mail.ReadBasic", "People.Read", "Sites.Read.All", "User.Read", "User.ReadBasic.All",
];
const id = (name: string): string => REFERENCE_IDS[name] ?? assert.fail(`no reference id for ${name}`);

/** The lines of one titled section of the text output, up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(title));
  assert.ok(start >= 0, `no section ${title}`);
  const end = lines.indexOf("", start);
  return lines.slice(start + 1, end);
}

describe("m365-mcp permissions", function () {
  this.timeout(60_000);
  let text: Finished;
  let json: Finished;
  let unconfigured: Finished;
  let invalid: Finished;

  before(async () => {
    [text, json, unconfigured, invalid] = await Promise.all([
      runCli(["permissions"], ENTRA),
      runCli(["permissions", "--json"], ENTRA),
      runCli(["permissions", "--json"], {}),
      runCli(["permissions", "--json"], { ...ENTRA, M365_MCP_PUBLIC_URL: "ftp://x" }),
    ]);
  });

  it("knows a reference-checked id for every permission a tool can use, and for the optional ones", () => {
    for (const scope of new Set(tools.flatMap((t) => t.scopes.flat()))) assert.equal(DELEGATED_PERMISSION_IDS[scope], id(scope), scope);
    assert.deepEqual(DELEGATED_PERMISSION_IDS, REFERENCE_IDS);
  });

  it("lists each tool's permission sets as alternatives", () => {
    assert.equal(text.code, 0);
    assert.equal(text.stderr, "");
    const lines = section(text.stdout, "Per tool");
    assert.deepEqual(lines.map((line) => line.trim().split(/\s{2,}/)), tools.map((t) => [t.name, t.scopes.map((set) => set.join(" + ")).join(" | ")]));
    assert.ok(lines.includes("  find_meeting_availability  Calendars.Read + User.Read + People.Read | Calendars.Read + User.Read + User.ReadBasic.All | Calendars.Read + User.Read"));
    assert.ok(lines.includes("  outlook_email_search       Mail.ReadBasic | Mail.Read | Mail.Read.Shared"));
  });

  it("totals the permissions with their ids, and the optional ones with why", () => {
    assert.deepEqual(section(text.stdout, "In total (grant these 12 for every tool):"), REQUIRED.map((name) => `  ${name.padEnd(25)}${id(name)}`));
    assert.deepEqual(section(text.stdout, "Optional:"), [
      `  ${"GroupMember.Read.All".padEnd(25)}${id("GroupMember.Read.All")}  needed only when the policy file restricts users by group (allowedGroups)`,
      `  ${"MailboxSettings.Read".padEnd(25)}${id("MailboxSettings.Read")}  lets get_me return the user's time zone and working hours`,
    ]);
  });

  it("fills the admin-consent URL in from the configuration", () => {
    assert.deepEqual(section(text.stdout, "Admin consent"), [`  https://login.microsoftonline.com/organizations/adminconsent?client_id=${CLIENT_ID}`]);
  });

  it("prints a requiredResourceAccess snippet that parses and names exactly the permissions in total", () => {
    const lines = text.stdout.split("\n");
    const start = lines.findIndex((line) => line.startsWith("App manifest")) + 1;
    const end = lines.indexOf("]", start);
    const manifest = JSON.parse(lines.slice(start, end + 1).join("\n")) as unknown;
    assert.deepEqual(manifest, [{ resourceAppId: GRAPH_APP_ID, resourceAccess: REQUIRED.map((name) => ({ id: id(name), type: "Scope" })) }]);
  });

  it("prints the Azure CLI commands, the optional permissions apart, admin consent last", () => {
    const add = `az ad app permission add --id ${CLIENT_ID} --api ${GRAPH_APP_ID} --api-permissions`;
    assert.deepEqual(section(text.stdout, "Or with the Azure CLI:"), [
      `  ${add} ${REQUIRED.map((name) => `${id(name)}=Scope`).join(" ")}`,
      "  # optional, GroupMember.Read.All: needed only when the policy file restricts users by group (allowedGroups)",
      `  ${add} ${id("GroupMember.Read.All")}=Scope`,
      "  # optional, MailboxSettings.Read: lets get_me return the user's time zone and working hours",
      `  ${add} ${id("MailboxSettings.Read")}=Scope`,
      `  az ad app permission admin-consent --id ${CLIENT_ID}`,
    ]);
  });

  it("--json prints the same report as one document", () => {
    assert.equal(json.code, 0);
    const report = JSON.parse(json.stdout) as PermissionsReport;
    assert.deepEqual(report.tools, tools.map((t) => ({ name: t.name, anyOf: t.scopes.map((set) => [...set]) })));
    assert.deepEqual(report.required, REQUIRED.map((name) => ({ name, id: id(name) })));
    assert.deepEqual(report.optional.map((p) => [p.name, p.id]), [["GroupMember.Read.All", id("GroupMember.Read.All")], ["MailboxSettings.Read", id("MailboxSettings.Read")]]);
    assert.equal(report.adminConsentUrl, `https://login.microsoftonline.com/organizations/adminconsent?client_id=${CLIENT_ID}`);
    assert.equal(report.azureCli.adminConsent, `az ad app permission admin-consent --id ${CLIENT_ID}`);
  });

  it("uses placeholders without a configuration, and says so when the configuration is invalid", () => {
    const report = JSON.parse(unconfigured.stdout) as PermissionsReport;
    assert.equal(report.adminConsentUrl, "https://login.microsoftonline.com/{tenant}/adminconsent?client_id={client-id}");
    assert.match(report.azureCli.add[0] ?? "", /^az ad app permission add --id <client-id> /);
    assert.equal(unconfigured.stderr, "");
    assert.equal(invalid.code, 0);
    assert.equal(invalid.stderr, "The configuration is invalid (see m365-mcp check-config), so the client ID and tenant are placeholders.\n");
    assert.equal((JSON.parse(invalid.stdout) as PermissionsReport).azureCli.adminConsent, "az ad app permission admin-consent --id <client-id>");
  });

  it("looks a permission missing from the table up with the Azure CLI rather than guess its id", () => {
    const report = permissionsReport(undefined, [{ name: "list_tasks", scopes: [["Tasks.Read"], ["User.Read"]] }]);
    const lookup = `az ad sp show --id ${GRAPH_APP_ID} --query "oauth2PermissionScopes[?value=='Tasks.Read'].id" -o tsv`;
    assert.equal(idLookup("Tasks.Read"), lookup);
    assert.deepEqual(report.required, [{ name: "Tasks.Read", id: undefined }, { name: "User.Read", id: id("User.Read") }]);
    assert.deepEqual(report.requiredResourceAccess[0]?.resourceAccess, [{ id: id("User.Read"), type: "Scope" }]);
    const add = `az ad app permission add --id <client-id> --api ${GRAPH_APP_ID} --api-permissions`;
    assert.deepEqual(report.azureCli.add, [`${add} ${id("User.Read")}=Scope`, `${add} "$(${lookup})=Scope"`]);
    assert.ok(renderPermissions(report).includes(`\n  ${"Tasks.Read".padEnd(22)}(id: ${lookup})\n`));
  });
});
