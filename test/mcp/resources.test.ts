import assert from "node:assert/strict";
import { ProtocolError, ResourceNotFoundError } from "@modelcontextprotocol/client";
import { plainMessage } from "../support/fixtures.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";

const MESSAGE_ID = "AAMkAGI2TG93AAA=";
const MESSAGE_URI = `m365://mail/${encodeURIComponent(MESSAGE_ID)}`;

const MESSAGE = plainMessage(MESSAGE_ID);

const TEMPLATES = [
  ["m365://mail/{messageId}", "mail", "Email"],
  ["m365://mailboxes/{address}/mail/{messageId}", "shared-mail", "Email in a shared mailbox"],
  ["m365://events/{eventId}", "event", "Calendar event"],
  ["m365://chats/{chatId}/messages/{messageId}", "chat-message", "Teams chat message"],
  ["m365://teams/{teamId}/channels/{channelId}/messages/{messageId}", "channel-message", "Teams channel message"],
  ["m365://drives/{driveId}/items/{itemId}", "file", "File"],
  ["m365://sites/{siteId}/lists/{listId}/items/{itemId}", "sharepoint-item", "SharePoint page or list item"],
];

describe("MCP resources", () => {
  const harness = useHarness();

  it("declares the resources capability and lists one template per m365:// form, as markdown", async () => {
    const client = await harness().connect();
    assert.deepEqual(client.getServerCapabilities()?.resources, {});
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(
      resourceTemplates.map((t) => [t.uriTemplate, t.name, t.title]),
      TEMPLATES,
    );
    for (const template of resourceTemplates) {
      assert.equal(template.mimeType, "text/markdown");
      assert.ok(template.description?.endsWith(" Ids are percent-encoded; the search tools return such uris."), template.description);
    }
    assert.deepEqual((await client.listResources()).resources, []);
  });

  it("reads a resource with the same text the read_resource tool returns", async () => {
    harness().graph.on("getMessage", () => ({ body: MESSAGE }));
    const client = await harness().connect();
    const { contents } = await client.readResource({ uri: MESSAGE_URI });
    const tool = await client.callTool({ name: "read_resource", arguments: { uri: MESSAGE_URI, maxChars: 100_000 } });
    assert.equal(tool.isError, undefined, textOf(tool));
    assert.deepEqual(contents, [{ uri: MESSAGE_URI, mimeType: "text/markdown", text: textOf(tool) }]);
    assert.ok(textOf(tool).startsWith(`## Q4 budget\nEmail · \`${MESSAGE_URI}\``), textOf(tool));
    assert.equal(harness().graph.requestsFor("getMessage").length, 2);
  });

  it("fails a read with the permission it needs, without calling Graph", async () => {
    harness().auth.add("mail-only", { ...ALICE, scopes: ["User.Read", "Mail.Read"] });
    const client = await harness().connect("mail-only");
    const uri = "m365://events/AAMkAGI2evt1%3D";
    await assert.rejects(client.readResource({ uri }), (error: unknown) => {
      assert.ok(error instanceof ProtocolError);
      assert.equal(error.code, -32602);
      assert.equal(
        error.message,
        `Could not read ${uri}: Reading calendar events needs the Calendars.Read permission, which has not been granted to this app for you; ask an administrator to grant it.`,
      );
      // A missing permission is not "resource not found": no `{uri}` data that would say so (SEP-2164).
      assert.ok(!(error instanceof ResourceNotFoundError));
      return true;
    });
    assert.equal(harness().graph.requests.length, 0);
  });

  it("fails a read of an unsupported uri as resource not found, with the tool's explanation", async () => {
    const client = await harness().connect();
    await assert.rejects(client.readResource({ uri: "m365://files/abc" }), (error: unknown) => {
      assert.ok(error instanceof ResourceNotFoundError);
      assert.equal(error.code, -32602);
      assert.deepEqual(error.data, { uri: "m365://files/abc" });
      assert.ok(error.message.startsWith("Could not read m365://files/abc: Unsupported uri. read_resource accepts m365://mail/{messageId}"), error.message);
      return true;
    });
  });

  it("fails a read of an item Graph does not have as resource not found", async () => {
    harness().graph.on("getMessage", () => ({ status: 404, body: { error: { code: "ErrorItemNotFound", message: "The specified object was not found in the store." } } }));
    const client = await harness().connect();
    await assert.rejects(client.readResource({ uri: MESSAGE_URI }), (error: unknown) => {
      assert.ok(error instanceof ResourceNotFoundError);
      assert.deepEqual(error.data, { uri: MESSAGE_URI });
      assert.match(error.message, /^Could not read .*: Graph could not find .* \(404 ErrorItemNotFound\)$/);
      return true;
    });
  });

  it("fails a read that Graph throttles as an internal error, not the client's mistake", async () => {
    harness().graph.on("getMessage", () => ({ status: 429, headers: { "Retry-After": "0" }, body: { error: { code: "TooManyRequests", message: "Slow down." } } }));
    const client = await harness().connect();
    await assert.rejects(client.readResource({ uri: MESSAGE_URI }), (error: unknown) => {
      assert.ok(error instanceof ProtocolError);
      assert.equal(error.code, -32603);
      assert.match(error.message, /^Could not read .*: Graph is throttling requests/);
      return true;
    });
  });
});
