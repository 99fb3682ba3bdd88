import assert from "node:assert/strict";
import { BOB_USER_ID, plainMessage } from "../support/fixtures.js";
import { ALICE, textOf, useHarness, type Harness } from "../support/harness.js";
import { graphError, type GraphRequest } from "../support/mock-graph.js";
import { structuredOf, toolCalls } from "../support/tool-calls.js";

type Json = Record<string, unknown>;

/** The documented "Access shared items" encoding, written out independently of the server's code. */
function documentedShareId(url: string): string {
  const base64 = Buffer.from(url, "utf8").toString("base64");
  return `u!${base64.replace(/=+$/, "").replace(/\//g, "_").replace(/\+/g, "-")}`;
}

const SITE_ID = "contoso.sharepoint.com,2c712604-1370-44e7-a1f5-426573fda80a,2d2244c3-251a-49ea-93a8-39e1c3a060fe";
const FINANCE_DRIVE = "b!RmluYW5jZS1kb2N1bWVudHMtMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3A";
const ONEDRIVE = "b!QWxpY2UtT25lRHJpdmUtMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnM";

const FILE_URL = "https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Drawings/Site%20plan.dwg";
const WORD_LINK = "https://contoso.sharepoint.com/:w:/s/Finance/EbQ2xVq1mNZFhZ7yK3pL0W8BkT4v9sX2cR6dY1uJ5nA3Hg?e=AbC123";
const EXCEL_LINK =
  "https://contoso.sharepoint.com/:x:/r/sites/Finance/_layouts/15/Doc.aspx?sourcedoc=%7B5B2A3EA0-7D7C-4D0E-9C4B-6A3C2B8E1F00%7D&file=Forecast.xls&action=default&mobileredirect=true";
const ONEDRIVE_URL = "https://contoso-my.sharepoint.com/personal/alice_contoso_com/Documents/Trips";

function sharedItem(id: string, name: string, driveId: string, facet: Json): Json {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#shares('u%21x')/driveItem(id,name,eTag,parentReference,sharepointIds,file,folder)/$entity",
    id,
    name,
    eTag: `"{5B2A3EA0-7D7C-4D0E-9C4B-6A3C2B8E1F00},3"`,
    parentReference: { driveType: "documentLibrary", driveId, id: "01PARENT", siteId: SITE_ID },
    ...facet,
  };
}

function driveItem(id: string, name: string, driveId: string, facet: Json): Json {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#drives('x')/items/$entity",
    id,
    name,
    size: 48213,
    webUrl: `https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/${encodeURIComponent(name)}`,
    createdDateTime: "2026-10-02T08:00:00Z",
    lastModifiedDateTime: "2026-11-20T16:45:00Z",
    createdBy: { user: { id: BOB_USER_ID, displayName: "Bob Example" } },
    lastModifiedBy: { user: { id: BOB_USER_ID, displayName: "Bob Example" } },
    parentReference: { driveType: "documentLibrary", driveId, id: "01PARENT", path: `/drives/${driveId}/root:/Shared`, siteId: SITE_ID },
    ...facet,
  };
}

const CHAT_ID = "19:a11ce000-0000-4000-8000-000000000001_b0b00000-0000-4000-8000-000000000002@unq.gbl.spaces";
const TEAM_ID = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
const CHANNEL_ID = "19:d0bba23c2fc8413991125a43a54cc30e@thread.tacv2";

function chatMessage(overrides: Json = {}): Json {
  return {
    id: "1612289992105",
    replyToId: null,
    etag: "1612289992105",
    messageType: "message",
    createdDateTime: "2026-11-27T10:15:00.105Z",
    lastModifiedDateTime: "2026-11-27T10:15:00.105Z",
    deletedDateTime: null,
    subject: null,
    chatId: CHAT_ID,
    importance: "normal",
    locale: "en-us",
    webUrl: null,
    from: { application: null, device: null, user: { "@odata.type": "#microsoft.graph.teamworkUserIdentity", id: BOB_USER_ID, displayName: "Bob Example" } },
    body: { contentType: "html", content: "<p>Can you check the <b>deck</b>?</p>" },
    attachments: [],
    mentions: [],
    reactions: [],
    ...overrides,
  };
}

const MESSAGE_ID = "AAMkAGI2TG93AAA=";


const EVENT = {
  id: "AAMkAGI2evt1=",
  subject: "Design review",
  start: { dateTime: "2026-12-01T09:00:00.0000000", timeZone: "UTC" },
  end: { dateTime: "2026-12-01T10:00:00.0000000", timeZone: "UTC" },
  isAllDay: false,
  isCancelled: false,
  body: { contentType: "text", content: "Agenda: mockups." },
};

const ACCEPTED =
  "read_resource reads m365:// uris from the search tools, or https links to SharePoint or OneDrive files, folders and pages (including sharing links) on *.sharepoint.com, *.sharepoint.us, " +
  "*.sharepoint-mil.us or *.sharepoint.cn, Teams message links (teams.microsoft.com/l/message/…), and Outlook on the web mail and calendar links (outlook.office.com, outlook.office365.com, outlook.cloud.microsoft).";

function onlyRequest(harness: () => Harness, op: string): GraphRequest {
  const requests = harness().graph.requestsFor(op);
  assert.equal(requests.length, 1, `one ${op} request`);
  return requests[0] as GraphRequest;
}

describe("read_resource: pasted links", () => {
  const harness = useHarness();
  const { call, success, failure } = toolCalls(harness, "read_resource");
  const only = (op: string): GraphRequest => onlyRequest(harness, op);

  describe("SharePoint and OneDrive", () => {
    const cases: Array<{ what: string; url: string; item: Json; expectTitle: string; driveId: string }> = [
      { what: "a SharePoint file URL", url: FILE_URL, item: sharedItem("01SITEPLAN", "Site plan.dwg", FINANCE_DRIVE, { file: { mimeType: "image/vnd.dwg" } }), expectTitle: "Site plan.dwg", driveId: FINANCE_DRIVE },
      { what: "a Word sharing link (/:w:/s/…)", url: WORD_LINK, item: sharedItem("01PROPOSAL", "Proposal.doc", FINANCE_DRIVE, { file: { mimeType: "application/msword" } }), expectTitle: "Proposal.doc", driveId: FINANCE_DRIVE },
      { what: "an Excel sharing link (/:x:/r/…)", url: EXCEL_LINK, item: sharedItem("01FORECAST", "Forecast.xls", FINANCE_DRIVE, { file: { mimeType: "application/vnd.ms-excel" } }), expectTitle: "Forecast.xls", driveId: FINANCE_DRIVE },
      { what: "a OneDrive (-my) URL", url: ONEDRIVE_URL, item: sharedItem("01TRIPS", "Trips", ONEDRIVE, { folder: { childCount: 3 } }), expectTitle: "Trips", driveId: ONEDRIVE },
    ];
    for (const { what, url, item, expectTitle, driveId } of cases) {
      it(`reads ${what} through /shares/{u!…}/driveItem, then as the file it names`, async () => {
        const { graph } = harness();
        const id = String(item["id"]);
        graph
          .on("getSharedDriveItem", () => ({ body: item }))
          .on("getDriveItem", () => ({ body: driveItem(id, expectTitle, driveId, item["folder"] ? { folder: item["folder"] } : { file: item["file"] }) }));
        const result = await success({ uri: url });
        const out = structuredOf(result);
        assert.equal(out["uri"], url);
        assert.equal(out["kind"], "file");
        assert.equal(out["title"], expectTitle);
        assert.ok(textOf(result).startsWith(`## ${expectTitle}\nFile · \`${url}\``), textOf(result));

        const shareId = documentedShareId(url);
        const share = only("getSharedDriveItem");
        assert.equal(share.pathParams["sharedDriveItem-id"], shareId);
        assert.equal(share.url.pathname, `/v1.0/shares/${shareId.replace("!", "%21")}/driveItem`);
        assert.deepEqual(Object.fromEntries(share.query), { $select: "id,name,eTag,parentReference,sharepointIds,file,folder" });
        // Read-only: the link is never redeemed (no grant of access through it).
        assert.equal(share.headers.get("prefer"), null);
        const get = only("getDriveItem");
        assert.deepEqual(get.pathParams, { "drive-id": driveId, "driveItem-id": id });
      });
    }

    it("uses the unpadded base64url alphabet (the Excel link's base64 has a '/')", () => {
      assert.match(Buffer.from(EXCEL_LINK).toString("base64"), /\//);
      assert.doesNotMatch(documentedShareId(EXCEL_LINK), /[/+=]/);
    });

    it("says what to do when Graph will not resolve a link the user has not opened", async () => {
      harness().graph.on("getSharedDriveItem", () => graphError(403, "accessDenied", "Access denied"));
      assert.equal(
        await failure({ uri: WORD_LINK }),
        "Graph denied access to the item this link points to (if it is a sharing link you have not opened yet, open it once in the browser, then read it again) (403 accessDenied)",
      );
      assert.equal(harness().graph.requestsFor("getDriveItem").length, 0);
    });

    it("needs a file permission for SharePoint links, checked before Graph is called", async () => {
      harness().auth.add("mail-only", { ...ALICE, scopes: ["User.Read", "Mail.Read"] });
      assert.equal(
        await failure({ uri: FILE_URL }, "mail-only"),
        "Reading files needs the Files.Read.All (or Files.Read for your own OneDrive, or Sites.Read.All) permission, which has not been granted to this app for you; ask an administrator to grant it.",
      );
      assert.equal(harness().graph.requests.length, 0);
    });
  });

  describe("Teams", () => {
    it("reads a chat message link as the chat message", async () => {
      harness()
        .graph.on("getChatMessage", () => ({ body: chatMessage() }))
        .on("getChat", () => ({ body: { id: CHAT_ID, topic: null, chatType: "oneOnOne", createdDateTime: "2026-10-01T08:00:00Z" } }));
      const url = `https://teams.microsoft.com/l/message/${CHAT_ID}/1612289992105?context=%7B%22contextType%22%3A%22chat%22%7D`;
      const out = structuredOf(await success({ uri: url }));
      assert.equal(out["kind"], "chatMessage");
      assert.equal(out["text"], "From: Bob Example\nSent: 2026-11-27T10:15:00Z\nChat: one-on-one chat\n\nCan you check the deck?");
      const expected = `/v1.0/chats/${encodeURIComponent(CHAT_ID)}/messages/1612289992105`;
      assert.equal(only("getChatMessage").url.pathname, expected);
      assert.equal(only("getChat").url.pathname, `/v1.0/chats/${encodeURIComponent(CHAT_ID)}`);
    });

    it("reads a channel reply link as its thread (the parent message with its replies), on both Teams hosts", async () => {
      for (const host of ["teams.microsoft.com", "teams.cloud.microsoft"]) {
        const { graph } = harness();
        graph.reset();
        const path = { channelIdentity: { teamId: TEAM_ID, channelId: CHANNEL_ID }, chatId: null };
        graph
          .on("getChannelMessage", () => ({ body: chatMessage({ ...path, subject: "Release plan" }) }))
          .on("listChannelMessageReplies", () => ({ body: { value: [chatMessage({ ...path, id: "1612290000002", replyToId: "1612289992105", body: { contentType: "text", content: "Works for me." } })] } }));
        const url =
          `https://${host}/l/message/${encodeURIComponent(CHANNEL_ID)}/1612290000002?tenantId=${ALICE.tenantId}&groupId=${TEAM_ID}` +
          "&parentMessageId=1612289992105&teamName=Launch&channelName=General&createdTime=1612290000002";
        const out = structuredOf(await success({ uri: url }));
        assert.equal(out["kind"], "channelMessage");
        assert.equal(out["title"], "Release plan");
        assert.ok((out["text"] as string).endsWith("Replies:\n\n[2026-11-27T10:15:00Z] Bob Example:\nWorks for me."), out["text"] as string);
        assert.equal(only("getChannelMessage").url.pathname, `/v1.0/teams/${TEAM_ID}/channels/${encodeURIComponent(CHANNEL_ID)}/messages/1612289992105`);
      }
    });

    it("refuses Teams links that name no single message, and channel links without their team", async () => {
      const cases: Array<[string, string]> = [
        ["https://teams.microsoft.com/l/chat/19:abc@thread.v2/0", 'Only Teams message links (https://teams.microsoft.com/l/message/…, from a message\'s "Copy link") can be read; chat, channel and meeting links name no single message.'],
        [`https://teams.microsoft.com/l/message/${CHANNEL_ID}/1612290000002`, 'This Teams channel link has no groupId (the team\'s id); copy the link again with the message\'s "Copy link".'],
        ["https://teams.microsoft.com/l/message/general/1612290000002", "The Teams link does not name a chat or channel (an id like 19:…@thread.v2, @thread.tacv2 or @unq.gbl.spaces)."],
        [`https://teams.microsoft.com/l/message/${CHAT_ID}/abc`, "The message id in the Teams link must be a number."],
        [`https://teams.microsoft.com/l/message/${CHANNEL_ID}/1?groupId=..%2F..%2Fme`, "The groupId in the Teams link is not a team id (a GUID)."],
      ];
      for (const [uri, error] of cases) assert.equal(await failure({ uri }), error, uri);
      assert.equal(harness().graph.requests.length, 0);
    });
  });

  describe("Outlook", () => {
    it("reads an Outlook on the web mail link, on each Outlook host", async () => {
      for (const host of ["outlook.office.com", "outlook.office365.com", "outlook.cloud.microsoft"]) {
        const { graph } = harness();
        graph.reset();
        graph.on("getMessage", () => ({ body: plainMessage(MESSAGE_ID) }));
        const url = `https://${host}/mail/inbox/id/${encodeURIComponent(MESSAGE_ID)}`;
        const out = structuredOf(await success({ uri: url }));
        assert.equal(out["kind"], "mail");
        assert.equal(out["title"], "Q4 budget");
        assert.equal(only("getMessage").url.pathname, "/v1.0/me/messages/AAMkAGI2TG93AAA%3D");
      }
    });

    it("translates the EWS-format id of a classic OWA link to Graph's REST id, and reads shared mailboxes by their address", async () => {
      const ews = "AAMkAGI2T+G9/3AAA=";
      const rest = "AAMkAGI2T_G9-3AAA=";
      const { graph } = harness();
      graph.on("getMessage", () => ({ body: plainMessage(rest) }));
      await success({ uri: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(ews)}&exvsurl=1&viewmodel=ReadMessageItem` });
      assert.equal(only("getMessage").pathParams["message-id"], rest);
      graph.reset();
      graph.on("getUserMessage", () => ({ body: plainMessage(rest) }));
      await success({ uri: `https://outlook.office.com/owa/shared@contoso.com/?viewmodel=ReadMessageItem&ItemID=${ews}` });
      assert.deepEqual(only("getUserMessage").pathParams, { "user-id": "shared@contoso.com", "message-id": rest });
    });

    it("reads an Outlook calendar link as the event, both the new and the classic form", async () => {
      const { graph } = harness();
      for (const url of [
        `https://outlook.office.com/calendar/item/${encodeURIComponent("AAMkAGI2evt1=")}`,
        "https://outlook.office365.com/owa/?itemid=AAMkAGI2evt1%3D&exvsurl=1&path=/calendar/item",
      ]) {
        graph.reset();
        graph.on("getEvent", () => ({ body: EVENT }));
        const out = structuredOf(await success({ uri: url }));
        assert.equal(out["kind"], "event");
        assert.equal(out["title"], "Design review");
        assert.equal(only("getEvent").url.pathname, "/v1.0/me/events/AAMkAGI2evt1%3D");
      }
    });

    it("refuses Outlook links that name no item", async () => {
      const error = "This Outlook link names no single email or event: open the item itself in Outlook on the web and copy that link (…/mail/inbox/id/… or …/calendar/item/…).";
      for (const uri of ["https://outlook.office.com/mail/inbox", "https://outlook.office.com/calendar/view/week", "https://outlook.office365.com/owa/"]) {
        assert.equal(await failure({ uri }), error, uri);
      }
      assert.equal(await failure({ uri: "https://outlook.office.com/mail/inbox/id/..%2F..%2Fusers" }), "The Outlook link's item id is not an Outlook item id.");
      assert.equal(harness().graph.requests.length, 0);
    });
  });

  describe("refusals", () => {
    it("refuses links that are not https, from other or lookalike hosts, with credentials, ports or IP addresses", async () => {
      const cases: Array<[string, string]> = [
        ["http://contoso.sharepoint.com/sites/Finance/a.docx", "Only https links are read, not http."],
        ["ftp://contoso.sharepoint.com/a.docx", "Only https links are read, not ftp."],
        ["javascript:alert(1)", "Only https links are read, not javascript."],
        ["https://example.com/a.docx", "Links to example.com are not read."],
        ["https://contoso.sharepoint.com.evil.com/a.docx", "Links to contoso.sharepoint.com.evil.com are not read."],
        ["https://evilsharepoint.com/a.docx", "Links to evilsharepoint.com are not read."],
        ["https://sharepoint.com/a.docx", "Links to sharepoint.com are not read."],
        ["https://a.b.sharepoint.com/a.docx", "Links to a.b.sharepoint.com are not read."],
        ["https://contoso.sharepoint.com./a.docx", "Links to contoso.sharepoint.com. are not read."],
        ["https://contoso.sharepoınt.com/a.docx", "Links to contoso.xn--sharepont-1pb.com are not read."],
        ["https://teams.microsoft.com.evil.com/l/message/19:a@thread.v2/1", "Links to teams.microsoft.com.evil.com are not read."],
        ["https://outlook.office.com.evil.com/mail/inbox/id/AAMkAGI2TG93AAA%3D", "Links to outlook.office.com.evil.com are not read."],
        ["https://contoso.sharepoint.com@evil.com/a.docx", "Links with a user name or password in them are not read."],
        ["https://alice:secret@contoso.sharepoint.com/a.docx", "Links with a user name or password in them are not read."],
        ["https://@contoso.sharepoint.com/a.docx", "Links with a user name or password in them are not read."],
        ["https://10.0.0.1/a.docx", "Links to an IP address are not read."],
        ["https://0x7f000001/a.docx", "Links to an IP address are not read."],
        ["https://[::1]/a.docx", "Links to an IP address are not read."],
        ["https://contoso.sharepoint.com:8443/a.docx", "Links with an explicit port are not read."],
        ["https://contoso.sharepoint.com/a b.docx", "The link contains whitespace, a backslash or a control character."],
        ["https://contoso.sharepoint.com\\@evil.com/a.docx", "The link contains whitespace, a backslash or a control character."],
        ["https://contoso.sharepoint.com/a\u0000.docx", "The link contains whitespace, a backslash or a control character."],
        ["not a link at all", "The link contains whitespace, a backslash or a control character."],
        ["contoso.sharepoint.com/a.docx", "The uri is neither an m365:// uri nor a valid link."],
        ["%%%", "The uri is neither an m365:// uri nor a valid link."],
      ];
      for (const [uri, reason] of cases) assert.equal(await failure({ uri }), `${reason} ${ACCEPTED}`, uri);
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses a 10 kB link before anything else", async () => {
      const uri = `https://contoso.sharepoint.com/sites/Finance/${"a".repeat(10_240)}`;
      assert.equal(await failure({ uri }), "Invalid arguments: `uri` must NOT have more than 2000 characters.");
      assert.equal(harness().graph.requests.length, 0);
    });

    it("keeps m365:// uris exactly as before", async () => {
      harness().graph.on("getMessage", () => ({ body: plainMessage(MESSAGE_ID) }));
      const out = structuredOf(await call({ uri: `m365://mail/${encodeURIComponent(MESSAGE_ID)}` }));
      assert.equal(out["kind"], "mail");
      assert.equal(only("getMessage").url.pathname, "/v1.0/me/messages/AAMkAGI2TG93AAA%3D");
    });
  });
});

describe("read_resource: links on an operator's extra SharePoint host", () => {
  const harness = useHarness({ M365_MCP_SHAREPOINT_HOSTS: "docs.contoso.com" });
  const { success, failure } = toolCalls(harness, "read_resource");

  it("accepts the configured host, exactly, and names it among the accepted hosts", async () => {
    const url = "https://docs.contoso.com/sites/Finance/Shared%20Documents/Site%20plan.dwg";
    harness()
      .graph.on("getSharedDriveItem", () => ({ body: sharedItem("01SITEPLAN", "Site plan.dwg", FINANCE_DRIVE, { file: { mimeType: "image/vnd.dwg" } }) }))
      .on("getDriveItem", () => ({ body: driveItem("01SITEPLAN", "Site plan.dwg", FINANCE_DRIVE, { file: { mimeType: "image/vnd.dwg" } }) }));
    assert.equal(structuredOf(await success({ uri: url }))["kind"], "file");
    assert.equal(onlyRequest(harness, "getSharedDriveItem").pathParams["sharedDriveItem-id"], documentedShareId(url));
    const refused = await failure({ uri: "https://docs.contoso.com.evil.com/a.docx" });
    assert.equal(refused, `Links to docs.contoso.com.evil.com are not read. ${ACCEPTED.slice(0, -1)}, or links on docs.contoso.com.`);
  });
});
