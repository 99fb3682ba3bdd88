import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { BOB_USER_ID, TEN_KB } from "../support/fixtures.js";
import { graphError, type GraphRequest } from "../support/mock-graph.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import { INVALID_CURSOR, structuredOf, toolCalls } from "../support/tool-calls.js";

type Json = Record<string, unknown>;

const MESSAGE_ID = "AAMkAGI2TG93AAA=";
const MESSAGE_URI = `m365://mail/${encodeURIComponent(MESSAGE_ID)}`;
const CONVERSATION_ID = "AAQkAGI2TG93conv=";

const bob = { emailAddress: { name: "Bob Example", address: "bob@contoso.com" } };
const alice = { emailAddress: { name: "Alice Example", address: "alice@contoso.com" } };
const carol = { emailAddress: { name: "Carol Example", address: "carol@contoso.com" } };

function message(overrides: Json = {}): Json {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('alice%40contoso.com')/messages/$entity",
    "@odata.etag": 'W/"CQAAABYAAAAiIsqMbYjsT5e/T7KzowPTAAAYbvZD"',
    id: MESSAGE_ID,
    subject: "Q4 budget",
    from: bob,
    toRecipients: [alice],
    ccRecipients: [carol],
    receivedDateTime: "2026-11-27T09:30:00Z",
    sentDateTime: "2026-11-27T09:29:58Z",
    hasAttachments: true,
    conversationId: CONVERSATION_ID,
    webLink: "https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
    body: {
      contentType: "html",
      content: '<html><body><p>Hi Alice,</p><p>See the <a href="https://contoso.sharepoint.com/budget">budget</a>.</p><img src="cid:logo"></body></html>',
    },
    ...overrides,
  };
}

const ATTACHMENTS = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('alice%40contoso.com')/messages('AAMkAGI2TG93AAA%3D')/attachments(name,contentType,size)",
  value: [
    { "@odata.type": "#microsoft.graph.fileAttachment", id: "AAMkAGI2att1=", name: "budget.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 12800 },
    { "@odata.type": "#microsoft.graph.itemAttachment", id: "AAMkAGI2att2=", name: "Kickoff", contentType: null, size: 900 },
  ],
};

const THREAD = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('alice%40contoso.com')/messages(id,subject,from,receivedDateTime)",
  value: [
    { "@odata.etag": 'W/"x"', id: MESSAGE_ID, subject: "Q4 budget", from: bob, receivedDateTime: "2026-11-27T09:30:00Z" },
    { "@odata.etag": 'W/"y"', id: "AAMkAGI2reply=", subject: "RE: Q4 budget", from: carol, receivedDateTime: "2026-11-27T11:00:00Z" },
    { "@odata.etag": 'W/"z"', id: "AAMkAGI2first=", subject: "Q4 budget draft", from: alice, receivedDateTime: "2026-11-26T08:00:00Z" },
  ],
};

const MAIL_TEXT = [
  "From: Bob Example <bob@contoso.com>",
  "To: Alice Example <alice@contoso.com>",
  "Cc: Carol Example <carol@contoso.com>",
  "Date: 2026-11-27T09:30:00Z",
  "Subject: Q4 budget",
  "Attachments: budget.xlsx (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, 12.5 KB); Kickoff (900 B)",
  "Web link: https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
  "",
  "Hi Alice,",
  "",
  "See the budget [https://contoso.sharepoint.com/budget].",
  "",
  "Other messages in this conversation:",
  "- 2026-11-26T08:00:00Z · Alice Example <alice@contoso.com> · Q4 budget draft · `m365://mail/AAMkAGI2first%3D`",
  "- 2026-11-27T11:00:00Z · Carol Example <carol@contoso.com> · RE: Q4 budget · `m365://mail/AAMkAGI2reply%3D`",
].join("\n");

const CHAT_ID = "19:abc123@thread.v2";
const CHAT_MESSAGE_ID = "1612289992105";
const TEAM_ID = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
const CHANNEL_ID = "19:d0bba23c2fc8413991125a43a54cc30e@thread.tacv2";

const teamsUser = (id: string, displayName: string): Json => ({
  application: null,
  device: null,
  user: { "@odata.type": "#microsoft.graph.teamworkUserIdentity", id, displayName },
});

function chatMessage(overrides: Json = {}): Json {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats('19%3Aabc123%40thread.v2')/messages/$entity",
    id: CHAT_MESSAGE_ID,
    replyToId: null,
    etag: CHAT_MESSAGE_ID,
    messageType: "message",
    createdDateTime: "2026-11-27T10:15:00.105Z",
    lastModifiedDateTime: "2026-11-27T10:15:00.105Z",
    lastEditedDateTime: null,
    deletedDateTime: null,
    subject: null,
    summary: null,
    chatId: CHAT_ID,
    importance: "normal",
    locale: "en-us",
    webUrl: null,
    from: teamsUser(BOB_USER_ID, "Bob Example"),
    body: { contentType: "html", content: '<div><at id="0">Alice Example</at>&nbsp;can you check the <b>deck</b>?</div><attachment id="att1"></attachment>' },
    attachments: [{ id: "att1", contentType: "reference", contentUrl: "https://contoso.sharepoint.com/deck.pptx", content: null, name: "deck.pptx", thumbnailUrl: null, teamsAppId: null }],
    mentions: [],
    reactions: [],
    ...overrides,
  };
}

const CHAT = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats/$entity",
  id: CHAT_ID,
  topic: "Launch crew",
  createdDateTime: "2026-10-01T08:00:00Z",
  lastUpdatedDateTime: "2026-11-27T10:15:00Z",
  chatType: "group",
  webUrl: "https://teams.microsoft.com/l/chat/19%3Aabc123%40thread.v2/0",
};

const EVENT = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('alice%40contoso.com')/events/$entity",
  "@odata.etag": 'W/"evt"',
  id: "AAMkAGI2evt1=",
  subject: "Design review",
  body: { contentType: "html", content: "<p>Agenda:</p><ol><li>Mockups</li><li>Timeline</li></ol>" },
  start: { dateTime: "2026-12-01T09:00:00.0000000", timeZone: "UTC" },
  end: { dateTime: "2026-12-01T10:00:00.0000000", timeZone: "UTC" },
  isAllDay: false,
  isCancelled: false,
  location: { displayName: "Room 4.01" },
  locations: [{ displayName: "Room 4.01" }],
  organizer: bob,
  attendees: [
    { type: "required", status: { response: "accepted", time: "2026-11-20T10:00:00Z" }, ...alice },
    { type: "optional", status: { response: "none", time: "0001-01-01T00:00:00Z" }, ...carol },
  ],
  onlineMeeting: { joinUrl: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0" },
  onlineMeetingUrl: null,
  webLink: "https://outlook.office365.com/owa/?itemid=AAMkAGI2evt1%3D&exvsurl=1&path=/calendar/item",
};

const DRIVE_ID = "b!3vZp0kXyTkK9Zx";
const ITEM_ID = "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K";
const SITE_ID = "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE";
const LIST_ID = "5b2a3ea0-7d7c-4d0e-9c4b-6a3c2b8e1f00";

const DRIVE_ITEM = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#drives('b%213vZp0kXyTkK9Zx')/items/$entity",
  id: ITEM_ID,
  name: "Q4 flow.vsdx",
  size: 48213,
  webUrl: "https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Reports/Q4%20flow.vsdx",
  createdDateTime: "2026-10-02T08:00:00Z",
  lastModifiedDateTime: "2026-11-20T16:45:00Z",
  createdBy: { user: { id: BOB_USER_ID, displayName: "Bob Example" } },
  lastModifiedBy: { user: { id: "ca201000-0000-4000-8000-000000000003", displayName: "Carol Example" } },
  parentReference: { driveType: "documentLibrary", driveId: DRIVE_ID, id: "01BYE5RZparent", path: `/drives/${DRIVE_ID}/root:/Reports`, siteId: SITE_ID },
  file: { mimeType: "application/vnd.ms-visio.drawing.main+xml", hashes: { quickXorHash: "dGVzdA==" } },
  sharepointIds: { siteUrl: "https://contoso.sharepoint.com/sites/Finance", listItemId: "7" },
};

const LIST_ITEM = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#sites('x')/lists('y')/items/$entity",
  "@odata.etag": '"a1b2,3"',
  id: "12",
  webUrl: "https://contoso.sharepoint.com/sites/Intranet/Lists/Policies/DispForm.aspx?ID=12",
  createdDateTime: "2026-09-01T08:00:00Z",
  lastModifiedDateTime: "2026-11-02T12:30:00Z",
  createdBy: { user: { displayName: "Dana Example" } },
  lastModifiedBy: { user: { displayName: "Evan Example" } },
  contentType: { id: "0x0100A1B2C3D4E5F60718293A4B5C6D7E8F90", name: "Item" },
  parentReference: { id: "parent", siteId: SITE_ID },
  sharepointIds: { siteUrl: "https://contoso.sharepoint.com/sites/Intranet" },
  "fields@odata.context": "https://graph.microsoft.com/v1.0/$metadata#sites('x')/lists('y')/items('12')/fields/$entity",
  // What Graph gives for a custom list's item: its columns (text, choice, number, yes/no, multi-choice, hyperlink,
  // rich text, a person's lookup id, an encoded name), and the fields SharePoint adds to every item.
  fields: {
    "@odata.etag": '"a1b2,3"',
    Title: "Travel policy",
    Owner_x0020_Team: "Finance",
    Status: "Approved",
    Budget: 2500,
    Mandatory: true,
    Regions: ["EMEA", "Americas"],
    PolicyLink: { Description: "Full policy", Url: "https://contoso.sharepoint.com/sites/Intranet/travel.pdf" },
    Summary: "<div><p>Book through the <b>travel portal</b>.</p><p>Economy class only.</p></div>",
    Reviewer: "",
    ApproverLookupId: "14",
    id: "12",
    ContentType: "Item",
    Modified: "2026-11-02T12:30:00Z",
    Created: "2026-09-01T08:00:00Z",
    AuthorLookupId: "11",
    EditorLookupId: "12",
    _UIVersionString: "3.0",
    Attachments: false,
    Edit: "",
    LinkTitleNoMenu: "Travel policy",
    LinkTitle: "Travel policy",
    ItemChildCount: "0",
    FolderChildCount: "0",
    _ComplianceFlags: "",
    _ComplianceTag: "",
    _ComplianceTagWrittenTime: "",
    _ComplianceTagUserId: "",
    AppEditorLookupId: "3",
  },
};

const FORMS_ERROR =
  "Unsupported uri. read_resource accepts m365://mail/{messageId}, m365://mailboxes/{address}/mail/{messageId}, m365://events/{eventId}, " +
  "m365://chats/{chatId}/messages/{messageId}, m365://teams/{teamId}/channels/{channelId}/messages/{messageId}, m365://drives/{driveId}/items/{itemId}, " +
  "m365://sites/{siteId}/lists/{listId}/items/{itemId}, with each id percent-encoded; the search tools return such uris. It also reads https links to SharePoint " +
  "or OneDrive files, folders and pages (including sharing links) on *.sharepoint.com, *.sharepoint.us, *.sharepoint-mil.us or *.sharepoint.cn, Teams message links " +
  "(teams.microsoft.com/l/message/…), and Outlook on the web mail and calendar links (outlook.office.com, outlook.office365.com, outlook.cloud.microsoft).";

describe("read_resource", () => {
  const harness = useHarness();

  const { call } = toolCalls(harness, "read_resource");

  function structured(result: CallToolResult): Json {
    assert.equal(result.isError, undefined, textOf(result));
    return structuredOf(result);
  }

  function mockMail(body: Json = message()): void {
    harness()
      .graph.on("getMessage", () => ({ body }))
      .on("listMessageAttachments", () => ({ body: ATTACHMENTS }))
      .on("listMessages", () => ({ body: THREAD }));
  }

  function userWith(token: string, scopes: string[]): string {
    harness().auth.add(token, { ...ALICE, scopes });
    return token;
  }

  const only = (op: string): GraphRequest => {
    const requests = harness().graph.requestsFor(op);
    assert.equal(requests.length, 1, `one ${op} request`);
    return requests[0] as GraphRequest;
  };

  describe("mail", () => {
    it("reads a message: headers first, the HTML body as text, attachment names, and the conversation", async () => {
      mockMail();
      const result = await call({ uri: MESSAGE_URI });
      assert.deepEqual(structured(result), {
        uri: MESSAGE_URI,
        kind: "mail",
        title: "Q4 budget",
        metadata: {
          from: "Bob Example <bob@contoso.com>",
          to: "Alice Example <alice@contoso.com>",
          cc: "Carol Example <carol@contoso.com>",
          date: "2026-11-27T09:30:00Z",
          subject: "Q4 budget",
          attachments: "budget.xlsx (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, 12.5 KB); Kickoff (900 B)",
          webUrl: "https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
        },
        text: MAIL_TEXT,
        range: { start: 1, end: MAIL_TEXT.length, total: MAIL_TEXT.length },
      });
      const markdown = textOf(result);
      // The HTML body is markdown, shown as it is: only the metadata lines come before the content's delimiter.
      const metadataEnd = MAIL_TEXT.indexOf("\n\nHi Alice,");
      assert.equal(
        markdown,
        [
          `## Q4 budget\nEmail · \`${MESSAGE_URI}\`\n`,
          MAIL_TEXT.slice(0, metadataEnd),
          "\n--- content ---\n",
          MAIL_TEXT.slice(metadataEnd + 2),
          "\n--- end of content ---",
          `Characters 1–${MAIL_TEXT.length} of ${MAIL_TEXT.length} (the end).`,
        ].join("\n"),
      );

      const get = only("getMessage");
      assert.equal(get.url.pathname, "/v1.0/me/messages/AAMkAGI2TG93AAA%3D");
      assert.equal(get.query.get("$select"), "id,subject,from,toRecipients,ccRecipients,receivedDateTime,sentDateTime,hasAttachments,conversationId,webLink,body");
      const attachments = only("listMessageAttachments");
      assert.equal(attachments.url.pathname, "/v1.0/me/messages/AAMkAGI2TG93AAA%3D/attachments");
      assert.equal(attachments.query.get("$select"), "name,contentType,size");
      const thread = only("listMessages");
      assert.equal(thread.query.get("$filter"), "conversationId eq 'AAQkAGI2TG93conv='");
      assert.equal(thread.query.get("$select"), "id,subject,from,receivedDateTime");
      assert.equal(thread.query.get("$top"), "6");
    });

    it("keeps a plain-text body as it is and skips the attachments call when there are none", async () => {
      mockMail(message({ hasAttachments: false, body: { contentType: "text", content: "Line one\r\nLine two\r\n" } }));
      const answer = await call({ uri: MESSAGE_URI });
      const result = structured(answer);
      assert.equal(harness().graph.requestsFor("listMessageAttachments").length, 0);
      assert.equal((result["metadata"] as Json)["attachments"], undefined);
      assert.ok((result["text"] as string).includes("\n\nLine one\nLine two\n\nOther messages in this conversation:\n"), result["text"] as string);
      // Plain text is fenced, so a "#" or "*" in it is not read as markdown; the conversation after it is markdown.
      assert.ok(textOf(answer).includes("\n--- content ---\n\n```text\nLine one\nLine two\n```\n\nOther messages in this conversation:\n"), textOf(answer));
    });

    it("reads a mail whose HTML nests 5,000 levels deep, cutting the markup past the bound instead of failing", async () => {
      const hostile = `<p>Hello Alice,</p>${"<div>".repeat(5000)}buried${"</div>".repeat(5000)}<p>Regards</p>`;
      mockMail(message({ hasAttachments: false, body: { contentType: "html", content: hostile } }));
      const text = structured(await call({ uri: MESSAGE_URI }))["text"] as string;
      assert.match(text, /Hello Alice,\n\n…\n\nRegards/);
      assert.doesNotMatch(text, /buried/);
    });

    // Anyone can send anyone such a mail; each is read through the one bounded converter, off the event loop.
    for (const [what, hostile] of [
      ["a 2 MB attribute value", `<p title="${"x".repeat(2_000_000)}">Hello Alice,</p><p>Regards</p>`],
      ["20,000 unclosed tags", `<p>Hello Alice,</p><p>Regards</p>${"<b><i><span>".repeat(20_000)}`],
      ["10 MB of inline style", `<p style="${"color:red;".repeat(1_000_000)}">Hello Alice,</p><style>${"p{margin:0}".repeat(100_000)}</style><p>Regards</p>`],
      ["a million entities", `<p>Hello Alice,</p><p>${"&amp;&#x2603;&nbsp;".repeat(1_000_000)}</p><p>Regards</p>`],
    ] as const) {
      it(`reads a mail whose HTML holds ${what}`, async () => {
        mockMail(message({ hasAttachments: false, body: { contentType: "html", content: hostile } }));
        const result = await call({ uri: MESSAGE_URI });
        assert.equal(result.isError, undefined, textOf(result));
        const text = structured(result)["text"] as string;
        assert.match(text, /Hello Alice,/);
        assert.ok(text.length <= 1_100_000, `bounded output: ${text.length}`);
      });
    }

    it("escapes the conversation id in the thread filter and still reads the message when the thread query fails", async () => {
      const { graph } = harness();
      graph
        .on("getMessage", () => ({ body: message({ hasAttachments: false, conversationId: "a'b) or (x eq 'y" }) }))
        .on("listMessages", () => graphError(400, "InefficientFilter", "The restriction or sort order is too complex for this operation."));
      const result = structured(await call({ uri: MESSAGE_URI }));
      assert.equal(only("listMessages").query.get("$filter"), "conversationId eq 'a''b) or (x eq ''y'");
      assert.ok((result["text"] as string).endsWith("See the budget [https://contoso.sharepoint.com/budget]."), result["text"] as string);
    });

    it("reads headers only when just Mail.ReadBasic is granted", async () => {
      const token = userWith("basic-mail", ["User.Read", "Mail.ReadBasic"]);
      mockMail(message({ body: undefined }));
      const result = structured(await call({ uri: MESSAGE_URI }, token));
      assert.equal(only("getMessage").query.get("$select"), "id,subject,from,toRecipients,ccRecipients,receivedDateTime,sentDateTime,hasAttachments,conversationId,webLink");
      assert.equal(harness().graph.requestsFor("listMessageAttachments").length, 0);
      assert.equal((result["metadata"] as Json)["attachments"], "yes (their names need the Mail.Read permission)");
      assert.ok(
        (result["text"] as string).includes("\n\n(The body is not shown: reading it needs the Mail.Read permission; only Mail.ReadBasic was granted.)\n\n"),
        result["text"] as string,
      );
    });

    it("reads a message in a shared mailbox through /users/{address}", async () => {
      const { graph } = harness();
      graph
        .on("getUserMessage", () => ({ body: message() }))
        .on("listUserMessageAttachments", () => ({ body: ATTACHMENTS }))
        .on("listUserMessages", () => ({ body: THREAD }));
      const uri = `m365://mailboxes/${encodeURIComponent("shared+ops@contoso.com")}/mail/${encodeURIComponent(MESSAGE_ID)}`;
      const result = structured(await call({ uri }));
      assert.equal(only("getUserMessage").url.pathname, "/v1.0/users/shared%2Bops%40contoso.com/messages/AAMkAGI2TG93AAA%3D");
      assert.equal(only("listUserMessageAttachments").url.pathname, "/v1.0/users/shared%2Bops%40contoso.com/messages/AAMkAGI2TG93AAA%3D/attachments");
      assert.equal(only("listUserMessages").url.pathname, "/v1.0/users/shared%2Bops%40contoso.com/messages");
      assert.equal((result["metadata"] as Json)["mailbox"], "shared+ops@contoso.com");
      assert.ok(
        (result["text"] as string).endsWith("· RE: Q4 budget · `m365://mailboxes/shared%2Bops%40contoso.com/mail/AAMkAGI2reply%3D`"),
        result["text"] as string,
      );
    });
  });

  it("reads a calendar event: when, where, organizer, attendees, join URL, then the description", async () => {
    harness().graph.on("getEvent", () => ({ body: EVENT }));
    const uri = `m365://events/${encodeURIComponent("AAMkAGI2evt1=")}`;
    const result = await call({ uri });
    const text = [
      "Subject: Design review",
      "When: 2026-12-01 09:00 – 2026-12-01 10:00 (UTC)",
      "Where: Room 4.01",
      "Organizer: Bob Example <bob@contoso.com>",
      "Attendees: Alice Example <alice@contoso.com> (required, accepted); Carol Example <carol@contoso.com> (optional)",
      "Join URL: https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
      "Web link: https://outlook.office365.com/owa/?itemid=AAMkAGI2evt1%3D&exvsurl=1&path=/calendar/item",
      "",
      "Agenda:",
      "",
      " 1. Mockups",
      " 2. Timeline",
    ].join("\n");
    assert.deepEqual(structured(result), {
      uri,
      kind: "event",
      title: "Design review",
      metadata: {
        subject: "Design review",
        when: "2026-12-01 09:00 – 2026-12-01 10:00 (UTC)",
        where: "Room 4.01",
        organizer: "Bob Example <bob@contoso.com>",
        attendees: "Alice Example <alice@contoso.com> (required, accepted); Carol Example <carol@contoso.com> (optional)",
        joinUrl: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
        webUrl: "https://outlook.office365.com/owa/?itemid=AAMkAGI2evt1%3D&exvsurl=1&path=/calendar/item",
      },
      text,
      range: { start: 1, end: text.length, total: text.length },
    });
    assert.ok(textOf(result).startsWith("## Design review\nCalendar event · "));
    const get = only("getEvent");
    assert.equal(get.url.pathname, "/v1.0/me/events/AAMkAGI2evt1%3D");
    assert.equal(get.query.get("$select"), "id,subject,body,start,end,isAllDay,isCancelled,location,locations,organizer,attendees,onlineMeeting,onlineMeetingUrl,webLink");
  });

  it("reads a chat message with its chat's topic, encoding the chat id in the Graph path", async () => {
    harness()
      .graph.on("getChatMessage", () => ({ body: chatMessage() }))
      .on("getChat", () => ({ body: CHAT }));
    const uri = `m365://chats/${encodeURIComponent(CHAT_ID)}/messages/${CHAT_MESSAGE_ID}`;
    const result = structured(await call({ uri }));
    const text = ["From: Bob Example", "Sent: 2026-11-27T10:15:00Z", "Attachments: deck.pptx", "Chat: Launch crew", "", "Alice Example can you check the deck?"].join("\n");
    assert.deepEqual(result, {
      uri,
      kind: "chatMessage",
      title: "Bob Example in Launch crew",
      metadata: { from: "Bob Example", date: "2026-11-27T10:15:00Z", attachments: "deck.pptx", chat: "Launch crew" },
      text,
      range: { start: 1, end: text.length, total: text.length },
    });
    assert.equal(only("getChatMessage").url.pathname, "/v1.0/chats/19%3Aabc123%40thread.v2/messages/1612289992105");
    assert.equal(only("getChat").url.pathname, "/v1.0/chats/19%3Aabc123%40thread.v2");
    assert.equal(only("getChat").query.get("$expand"), "members");
  });

  it("names a one-on-one chat by the other member, and lists the members", async () => {
    const member = (userId: string, displayName: string): Json => ({
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      id: Buffer.from(`1##${CHAT_ID}##${userId}`).toString("base64"),
      roles: ["owner"],
      displayName,
      visibleHistoryStartDateTime: "0001-01-01T00:00:00Z",
      userId,
      email: null,
      tenantId: ALICE.tenantId,
    });
    harness()
      .graph.on("getChatMessage", () => ({ body: chatMessage({ attachments: [] }) }))
      .on("getChat", () => ({ body: { ...CHAT, topic: null, chatType: "oneOnOne", members: [member(ALICE.userId, "Alice Example"), member(BOB_USER_ID, "Bob Example")] } }));
    const result = structured(await call({ uri: `m365://chats/${encodeURIComponent(CHAT_ID)}/messages/${CHAT_MESSAGE_ID}` }));
    assert.equal(result["title"], "Bob Example in a one-on-one chat with Bob Example");
    assert.deepEqual(result["metadata"], { from: "Bob Example", date: "2026-11-27T10:15:00Z", chat: "one-on-one chat with Bob Example", members: "Alice Example, Bob Example" });
  });

  it("reads a channel message with its replies, oldest first, leaving out deleted ones", async () => {
    const path = { channelIdentity: { teamId: TEAM_ID, channelId: CHANNEL_ID }, chatId: null };
    const reply = (id: string, at: string, who: Json, html: string, deleted: string | null = null): Json =>
      chatMessage({ "@odata.context": undefined, ...path, id, replyToId: CHAT_MESSAGE_ID, createdDateTime: at, from: who, deletedDateTime: deleted, body: { contentType: "html", content: html }, attachments: [] });
    harness()
      .graph.on("getChannelMessage", () => ({
        body: chatMessage({ ...path, subject: "Release plan", webUrl: "https://teams.microsoft.com/l/message/19%3Ad0bb/1612289992105", attachments: [], body: { contentType: "html", content: "<p>Shipping <b>Friday</b>.</p>" } }),
      }))
      .on("listChannelMessageReplies", () => ({
        body: {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#teams('x')/channels('y')/messages('1612289992105')/replies",
          "@odata.count": 3,
          value: [
            reply("1612290000002", "2026-11-27T11:00:00Z", teamsUser("d", "Dana Example"), "<p>Works for me.</p>"),
            reply("1612290000003", "2026-11-27T11:30:00Z", teamsUser("e", "Evan Example"), "", "2026-11-27T11:31:00Z"),
            reply("1612290000001", "2026-11-27T10:30:00Z", teamsUser("c", "Carol Example"), "<p>Docs are ready.</p>"),
          ].map(({ "@odata.context": _, ...r }) => r),
        },
      }));
    const uri = `m365://teams/${TEAM_ID}/channels/${encodeURIComponent(CHANNEL_ID)}/messages/${CHAT_MESSAGE_ID}`;
    const result = structured(await call({ uri }));
    assert.equal(result["title"], "Release plan");
    assert.equal(
      result["text"],
      [
        "From: Bob Example",
        "Sent: 2026-11-27T10:15:00Z",
        "Subject: Release plan",
        "Web link: https://teams.microsoft.com/l/message/19%3Ad0bb/1612289992105",
        "",
        "Shipping Friday.",
        "",
        "Replies:",
        "",
        "[2026-11-27T10:30:00Z] Carol Example:\nDocs are ready.",
        "",
        "[2026-11-27T11:00:00Z] Dana Example:\nWorks for me.",
      ].join("\n"),
    );
    const expectedPath = `/v1.0/teams/${TEAM_ID}/channels/19%3Ad0bba23c2fc8413991125a43a54cc30e%40thread.tacv2/messages/1612289992105`;
    assert.equal(only("getChannelMessage").url.pathname, expectedPath);
    const replies = only("listChannelMessageReplies");
    assert.equal(replies.url.pathname, `${expectedPath}/replies`);
    assert.equal(replies.query.get("$top"), "50");
  });

  it("returns the metadata of a file whose type has no text reader, without downloading it", async () => {
    harness().graph.on("getDriveItem", () => ({ body: DRIVE_ITEM }));
    const uri = `m365://drives/${encodeURIComponent(DRIVE_ID)}/items/${ITEM_ID}`;
    const result = await call({ uri });
    const text = [
      "Name: Q4 flow.vsdx",
      "Path: /Reports/Q4 flow.vsdx",
      "Site: https://contoso.sharepoint.com/sites/Finance",
      "Type: application/vnd.ms-visio.drawing.main+xml",
      "Size: 47.1 KB",
      "Modified: 2026-11-20T16:45:00Z by Carol Example",
      "Created: 2026-10-02T08:00:00Z by Bob Example",
      "Web link: https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Reports/Q4%20flow.vsdx",
      "",
      "Text extraction is not supported for .vsdx files, so only the file's metadata is shown. Open the web link to see the content.",
    ].join("\n");
    const out = structured(result);
    assert.equal(out["kind"], "file");
    assert.equal(out["title"], "Q4 flow.vsdx");
    assert.equal(out["text"], text);
    assert.deepEqual(out["metadata"], {
      name: "Q4 flow.vsdx",
      path: "/Reports/Q4 flow.vsdx",
      site: "https://contoso.sharepoint.com/sites/Finance",
      type: "application/vnd.ms-visio.drawing.main+xml",
      size: "47.1 KB",
      modified: "2026-11-20T16:45:00Z by Carol Example",
      created: "2026-10-02T08:00:00Z by Bob Example",
      webUrl: "https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Reports/Q4%20flow.vsdx",
    });
    assert.equal(harness().graph.requestsFor("getDriveItemContent").length, 0);
    const get = only("getDriveItem");
    assert.equal(get.url.pathname, `/v1.0/drives/b%213vZp0kXyTkK9Zx/items/${ITEM_ID}`);
    assert.equal(get.query.get("$select"), "id,name,size,webUrl,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,parentReference,file,folder,package,sharepointIds");
  });

  it("returns a SharePoint list item's metadata and its columns, without SharePoint's own fields (pages: read-resource-pages.test.ts)", async () => {
    harness().graph.on("getListItem", () => ({ body: LIST_ITEM }));
    const uri = `m365://sites/${encodeURIComponent(SITE_ID)}/lists/${LIST_ID}/items/12`;
    const result = await call({ uri });
    const out = structured(result);
    assert.equal(out["kind"], "listItem");
    assert.equal(out["title"], "Travel policy");
    const columns = [
      "- **Owner Team**: Finance",
      "- **Status**: Approved",
      "- **Budget**: 2500",
      "- **Mandatory**: Yes",
      "- **Regions**: EMEA, Americas",
      "- **PolicyLink**: Full policy (https://contoso.sharepoint.com/sites/Intranet/travel.pdf)",
      "- **Summary**: Book through the travel portal. Economy class only.",
    ].join("\n");
    assert.equal(
      out["text"],
      [
        "Title: Travel policy",
        "Content type: Item",
        "Site: https://contoso.sharepoint.com/sites/Intranet",
        "Modified: 2026-11-02T12:30:00Z by Evan Example",
        "Created: 2026-09-01T08:00:00Z by Dana Example",
        "Web link: https://contoso.sharepoint.com/sites/Intranet/Lists/Policies/DispForm.aspx?ID=12",
        "",
        columns,
      ].join("\n"),
    );
    assert.ok(textOf(result).includes(`\n--- content ---\n\n${columns}\n\n--- end of content ---\n`), textOf(result));
    // The first read only tells whether the item is a page; the second reads the item with all its fields.
    const [probe, get] = harness().graph.requestsFor("getListItem");
    assert.equal(probe?.query.get("$select"), "id,eTag,contentType,sharepointIds");
    assert.equal(get?.url.pathname, `/v1.0/sites/${encodeURIComponent(SITE_ID)}/lists/${LIST_ID}/items/12`);
    assert.equal(get.query.get("$select"), "id,webUrl,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,contentType,parentReference,sharepointIds");
    assert.equal(get.query.get("$expand"), "fields");
    assert.equal(harness().graph.requestsFor("getSitePage").length, 0);
  });

  it("says so when a list item has no columns besides its title", async () => {
    harness().graph.on("getListItem", () => ({ body: { ...LIST_ITEM, fields: { "@odata.etag": '"a1b2,3"', Title: "Travel policy", ContentType: "Item", _UIVersionString: "1.0", Attachments: false } } }));
    const out = structured(await call({ uri: `m365://sites/${encodeURIComponent(SITE_ID)}/lists/${LIST_ID}/items/12` }));
    assert.ok((out["text"] as string).endsWith("\n\n(This item has no columns besides its title.)"), out["text"] as string);
  });

  describe("paging", () => {
    const longBody = Array.from({ length: 40 }, (_, i) => `Paragraph ${String(i + 1).padStart(2, "0")}: ${"x".repeat(20)}`).join("\n");
    const longMessage = message({ hasAttachments: false, conversationId: null, body: { contentType: "text", content: longBody } });
    const fullText = [
      "From: Bob Example <bob@contoso.com>",
      "To: Alice Example <alice@contoso.com>",
      "Cc: Carol Example <carol@contoso.com>",
      "Date: 2026-11-27T09:30:00Z",
      "Subject: Q4 budget",
      "Web link: https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
      "",
      longBody,
    ].join("\n");

    it("pages through a long body in three pages, fetching the message again for each", async () => {
      assert.equal(fullText.length, 1665);
      harness().graph.on("getMessage", () => ({ body: longMessage }));
      const first = await call({ uri: MESSAGE_URI, maxChars: 600 });
      const page1 = structured(first);
      assert.deepEqual(page1["range"], { start: 1, end: 600, total: 1665 });
      assert.equal(page1["text"], fullText.slice(0, 600));
      const cursor1 = page1["nextCursor"] as string;
      assert.equal(typeof cursor1, "string");
      assert.ok(textOf(first).endsWith(`Characters 1–600 of 1665; pass cursor \`${cursor1}\` with the same uri for more.`), textOf(first));

      const second = await call({ uri: MESSAGE_URI, maxChars: 600, cursor: cursor1 });
      const page2 = structured(second);
      assert.deepEqual(page2["range"], { start: 601, end: 1200, total: 1665 });
      assert.equal(page2["text"], fullText.slice(600, 1200));
      const cursor2 = page2["nextCursor"] as string;
      assert.ok(textOf(second).endsWith(`Characters 601–1200 of 1665; pass cursor \`${cursor2}\` with the same uri for more.`), textOf(second));

      const third = await call({ uri: MESSAGE_URI, maxChars: 600, cursor: cursor2 });
      const page3 = structured(third);
      assert.deepEqual(page3["range"], { start: 1201, end: 1665, total: 1665 });
      assert.equal(page3["nextCursor"], undefined);
      assert.ok(textOf(third).endsWith("Characters 1201–1665 of 1665 (the end)."), textOf(third));
      assert.equal([page1, page2, page3].map((page) => String(page["text"])).join(""), fullText);
      assert.equal(harness().graph.requestsFor("getMessage").length, 3);
      assert.equal(harness().graph.requestsFor("listMessages").length, 0);
    });

    it("never splits a surrogate pair at a page boundary", async () => {
      const emoji = message({ hasAttachments: false, conversationId: null, subject: "Party!", body: { contentType: "text", content: "🎉".repeat(400) } });
      harness().graph.on("getMessage", () => ({ body: emoji }));
      const page1 = structured(await call({ uri: MESSAGE_URI, maxChars: 500 }));
      const range = page1["range"] as { end: number; total: number };
      const text = page1["text"] as string;
      // The headers end at an odd offset, so a cut at 500 would fall between the halves of a pair.
      assert.equal(text.indexOf("🎉") % 2, 1);
      assert.equal(range.end, 499);
      assert.equal(text.length, 499);
      assert.match(text, /🎉$/u);
    });

    it("refuses a tampered cursor", async () => {
      harness().graph.on("getMessage", () => ({ body: longMessage }));
      const cursor = structured(await call({ uri: MESSAGE_URI, maxChars: 600 }))["nextCursor"] as string;
      const [head, payload, signature] = cursor.split(".") as [string, string, string];
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), from: 0 })).toString("base64url");
      const result = await call({ uri: MESSAGE_URI, cursor: `${head}.${forged}.${signature}` });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), INVALID_CURSOR);
      assert.equal(harness().graph.requestsFor("getMessage").length, 1);
    });

    it("refuses a cursor issued for another uri", async () => {
      harness().graph.on("getMessage", () => ({ body: longMessage }));
      const cursor = structured(await call({ uri: MESSAGE_URI, maxChars: 600 }))["nextCursor"] as string;
      for (const uri of ["m365://mail/AAMkAGI2other%3D", "m365://events/AAMkAGI2evt1%3D"]) {
        const result = await call({ uri, cursor });
        assert.equal(result.isError, true);
        assert.equal(textOf(result), "This cursor belongs to another uri: pass it with the uri it came from, or read this uri without a cursor.");
      }
      assert.equal(harness().graph.requests.length, 1);
    });

    it("says so when the text shrank below the cursor's position", async () => {
      let body = longMessage;
      harness().graph.on("getMessage", () => ({ body }));
      const cursor = structured(await call({ uri: MESSAGE_URI, maxChars: 600 }))["nextCursor"] as string;
      body = message({ hasAttachments: false, conversationId: null, body: { contentType: "text", content: "Short now." } });
      const result = await call({ uri: MESSAGE_URI, cursor });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "The cursor points past the end of the text, which now has 276 characters; the item changed since. Read the uri again without a cursor.");
    });
  });

  describe("uris", () => {
    it("lists the accepted forms for an unknown uri", async () => {
      for (const uri of ["m365://files/abc", "m365://mail/a/b", "m365://mail", "M365://mail/abc"]) {
        const result = await call({ uri });
        assert.equal(result.isError, true);
        assert.equal(textOf(result), FORMS_ERROR, uri);
      }
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses ids that decode to path separators or dot segments, before calling Graph", async () => {
      const cases: Array<[string, string]> = [
        ["m365://mail/..%2F..%2Fme", "The messageId in the uri must not contain '/' or '\\' once decoded; Graph ids never do."],
        ["m365://mail/%2E%2E", "The messageId in the uri must not be '.' or '..'."],
        ["m365://mail/..", "The messageId in the uri must not be '.' or '..'."],
        ["m365://mail/%2e", "The messageId in the uri must not be '.' or '..'."],
        ["m365://mailboxes/..%5Cadmin/mail/x", "The address in the uri must not contain '/' or '\\' once decoded; Graph ids never do."],
        ["m365://drives/b!x/items/..%2Froot%2Fchildren", "The itemId in the uri must not contain '/' or '\\' once decoded; Graph ids never do."],
        ["m365://chats/19%3Aa%0Ab/messages/1", "The chatId in the uri must not contain control characters."],
        ["m365://events/%E0%A4%A", "The eventId in the uri is not valid percent-encoding."],
        ["m365://events/%20", "The eventId in the uri is empty."],
      ];
      for (const [uri, error] of cases) {
        const result = await call({ uri });
        assert.equal(result.isError, true, uri);
        assert.equal(textOf(result), error, uri);
      }
      assert.equal(harness().graph.requests.length, 0);
    });

    it("percent-encodes hostile ids into a single Graph path segment", async () => {
      const hostile = "AA'b?c#d%2e e:é@+&=$(x)";
      mockMail(message({ id: hostile, hasAttachments: false, conversationId: null }));
      structured(await call({ uri: `m365://mail/${encodeURIComponent(hostile)}` }));
      const get = only("getMessage");
      assert.equal(get.url.pathname, "/v1.0/me/messages/AA'b%3Fc%23d%252e%20e%3A%C3%A9%40%2B%26%3D%24(x)");
      assert.equal(get.pathParams["message-id"], hostile);
      assert.equal([...get.query.keys()].join(","), "$select");
    });

    it("refuses a uri longer than 2000 characters", async () => {
      const result = await call({ uri: `m365://mail/${TEN_KB}` });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "Invalid arguments: `uri` must NOT have more than 2000 characters.");
    });

    it("refuses maxChars out of range", async () => {
      const result = await call({ uri: MESSAGE_URI, maxChars: 100 });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "Invalid arguments: `maxChars` must be >= 500.");
    });
  });

  describe("errors and permissions", () => {
    it("maps a Graph 404 to a clear error naming the message", async () => {
      harness().graph.on("getMessage", () => graphError(404, "ErrorItemNotFound", "The specified object was not found in the store."));
      const result = await call({ uri: MESSAGE_URI });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "Graph could not find this message (404 ErrorItemNotFound)");
      assert.equal(harness().graph.requestsFor("listMessageAttachments").length, 0);
    });

    it("maps a Graph 403 to a clear error naming the item", async () => {
      harness()
        .graph.on("getChannelMessage", () => graphError(403, "Forbidden", "Caller is not a member of the team."))
        .on("listChannelMessageReplies", () => graphError(403, "Forbidden", "Caller is not a member of the team."));
      const result = await call({ uri: `m365://teams/${TEAM_ID}/channels/${encodeURIComponent(CHANNEL_ID)}/messages/1` });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "Graph denied access to this channel message (403 Forbidden)");
    });

    it("reads a chat message even when its chat's topic cannot be read", async () => {
      harness()
        .graph.on("getChatMessage", () => ({ body: chatMessage({ attachments: [] }) }))
        .on("getChat", () => graphError(403, "Forbidden", "No access."));
      const result = structured(await call({ uri: `m365://chats/${encodeURIComponent(CHAT_ID)}/messages/${CHAT_MESSAGE_ID}` }));
      assert.equal(result["title"], "Chat message from Bob Example");
      assert.equal(result["text"], "From: Bob Example\nSent: 2026-11-27T10:15:00Z\n\nAlice Example can you check the deck?");
    });

    it("names the missing permission for each kind without calling Graph", async () => {
      const token = userWith("profile-only", ["User.Read", "Mail.Read"]);
      const cases: Array<[string, string]> = [
        ["m365://mailboxes/shared%40contoso.com/mail/x", "Reading mail in a shared mailbox needs the Mail.Read.Shared permission"],
        ["m365://events/x", "Reading calendar events needs the Calendars.Read permission"],
        ["m365://chats/19%3Aa%40thread.v2/messages/1", "Reading Teams chat messages needs the Chat.Read permission"],
        [`m365://teams/${TEAM_ID}/channels/c/messages/1`, "Reading Teams channel messages needs the ChannelMessage.Read.All permission"],
        ["m365://drives/b!x/items/y", "Reading files needs the Files.Read.All (or Files.Read for your own OneDrive, or Sites.Read.All) permission"],
        [`m365://sites/s/lists/${LIST_ID}/items/1`, "Reading SharePoint list items and pages needs the Sites.Read.All permission"],
      ];
      for (const [uri, missing] of cases) {
        const result = await call({ uri }, token);
        assert.equal(result.isError, true, uri);
        assert.equal(textOf(result), `${missing}, which has not been granted to this app for you; ask an administrator to grant it.`, uri);
      }
      const noMail = userWith("no-mail", ["User.Read", "Calendars.Read"]);
      const result = await call({ uri: MESSAGE_URI }, noMail);
      assert.equal(textOf(result), "Reading mail needs the Mail.Read (or Mail.ReadBasic for headers only) permission, which has not been granted to this app for you; ask an administrator to grant it.");
      assert.equal(harness().graph.requests.length, 0);
    });

    it("reads own-drive files with Files.Read alone", async () => {
      const token = userWith("files-only", ["User.Read", "Files.Read"]);
      harness().graph.on("getDriveItem", () => ({ body: DRIVE_ITEM }));
      const result = structured(await call({ uri: `m365://drives/${encodeURIComponent(DRIVE_ID)}/items/${ITEM_ID}` }, token));
      assert.equal(result["title"], "Q4 flow.vsdx");
    });
  });
});
