import assert from "node:assert/strict";
import { InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { oboFailureFields } from "../../src/audit/obo.js";
import { summarizeArguments, toolCallEvent, touchedResources } from "../../src/audit/tool-call.js";
import { ExtractionError } from "../../src/content/errors.js";
import { Failure, InvalidInput, UnsupportedUri, failureOf } from "../../src/failure.js";
import { GRAPH_TIMEOUT, GraphError } from "../../src/graph/errors.js";
import { ToolOutputError } from "../../src/tools/types.js";
import type {
  ChatMessageSearchOutput,
  FindMeetingAvailabilityOutput,
  GetMeOutput,
  OnedriveListRootOutput,
  OutlookCalendarSearchOutput,
  OutlookEmailSearchOutput,
  ReadResourceOutput,
  SharepointFolderSearchOutput,
  SharepointSearchOutput,
} from "../../generated/tool-types.js";

// SHA-256 hex digests computed with sha256sum, independently of the code under test.
const SHA = {
  quarterlyBudget: "25728b7d3cabd80eff7e91c56193b737c6f10a22df57ca57964bccd04a09f5fe",
  meganBowen: "44e7f5fefaadd86195341acac691c535c7fde431a0b5c512c1a423106773f1df",
  zurich: "d007f54be916faea057dd338ff38736c19f9674759b15758a0b75834e50bb62c",
  sharingLink: "1ae810ad41a4fd60251cc19c6dc1ca08a7d12744879d4034b728f142af8c7264",
  fileLink: "102476e8cf059ed4ba2ca5029389fe7f290ffbf01ea0fbe5c9202e255e3c37d1",
  contracts: "0488acc63d8b513587cc45e2d7dd7c17cb873266452b23273c6dedb651764243",
  notAUri: "d0614695209112bb05408166b8dd9a9bc77dba70e68306aa88c83ee3b6c3f3ad",
  bob: "cd9fb1e148ccd8442e5aa74904cc73bf6fb54d1d54d333bd596aa9bb4bb4e961",
  carolJones: "71002f46f99bac52240def84cce34d782e6765c5228b58fd9db92efaa7001de0",
  policies: "d3ad1f1f8c9c4f5a4a593571085513a467305094c2f345abc62a00df0bd23b90",
  cursor: "24658bc9c87f7735f997306fa96d419ec96c033543160d75ce6c57f02b99c235",
};
const SHARING_LINK = "https://contoso.sharepoint.com/:w:/s/HR/EaBcD123?e=k3yS3cr";
const FILE_LINK = "https://contoso-my.sharepoint.com/personal/alice/Documents/Plan.docx";
const SITE_ID = "contoso.sharepoint.com,2c9e5a0b-1111-4000-8000-000000000001,7d1f0c2e-2222-4000-8000-000000000002";
const CURSOR = "eyJhbGciOiJIUzI1NiJ9.eyJvcGVyYXRpb24iOiJsaXN0TWVzc2FnZXMifQ.c2ln";

describe("audit: tool arguments", () => {
  it("logs free text as its length and the SHA-256 of its exact text, and structured arguments as given", () => {
    const args = {
      query: "quarterly budget",
      from: "Megan Bowen",
      to: "Bob",
      subject: "Zürich 🎉 plan",
      receivedAfter: "2026-01-01T00:00:00Z",
      receivedBefore: "2026-02-01T00:00:00Z",
      folder: "inbox",
      hasAttachments: true,
      unreadOnly: false,
      mailbox: "sales@contoso.com",
      limit: 5,
    };
    assert.deepEqual(summarizeArguments(args, { logQueries: false }), {
      query: { length: 16, sha256: SHA.quarterlyBudget },
      from: { length: 11, sha256: SHA.meganBowen },
      to: { length: 3, sha256: SHA.bob },
      // Code points, as JSON Schema's maxLength counts them: the emoji is one.
      subject: { length: 13, sha256: SHA.zurich },
      receivedAfter: "2026-01-01T00:00:00Z",
      receivedBefore: "2026-02-01T00:00:00Z",
      folder: "inbox",
      hasAttachments: true,
      unreadOnly: false,
      mailbox: "sales@contoso.com",
      limit: 5,
    });
  });

  it("logs free text as given when auditQueries is on, but never cursors or pasted links", () => {
    const args = { query: "quarterly budget", attendees: ["Bob", "Carol Jones"], cursor: CURSOR, uri: SHARING_LINK };
    assert.deepEqual(summarizeArguments(args, { logQueries: true }), {
      query: "quarterly budget",
      attendees: ["Bob", "Carol Jones"],
      cursor: { length: 64, sha256: SHA.cursor },
      uri: { host: "contoso.sharepoint.com", sha256: SHA.sharingLink },
    });
  });

  it("hashes each free-text item of a list and logs enumerations and settings of every tool as given", () => {
    assert.deepEqual(
      summarizeArguments(
        { attendees: ["Bob", "Carol Jones"], startDateTime: "2026-12-01T08:00:00+01:00", endDateTime: "2026-12-05T18:00:00+01:00", durationMinutes: 60, timeZone: "Europe/Berlin", workingHoursOnly: true, maxSuggestions: 3 },
        { logQueries: false },
      ),
      {
        attendees: [
          { length: 3, sha256: SHA.bob },
          { length: 11, sha256: SHA.carolJones },
        ],
        startDateTime: "2026-12-01T08:00:00+01:00",
        endDateTime: "2026-12-05T18:00:00+01:00",
        durationMinutes: 60,
        timeZone: "Europe/Berlin",
        workingHoursOnly: true,
        maxSuggestions: 3,
      },
    );
    assert.deepEqual(
      summarizeArguments({ query: "quarterly budget", site: SITE_ID, library: "Policies", fileTypes: ["docx", "md"], modifiedAfter: "2026-01-31", modifiedBefore: "2026-03-31" }, { logQueries: false }),
      {
        query: { length: 16, sha256: SHA.quarterlyBudget },
        site: SITE_ID,
        library: { length: 8, sha256: SHA.policies },
        fileTypes: ["docx", "md"],
        modifiedAfter: "2026-01-31",
        modifiedBefore: "2026-03-31",
      },
    );
    assert.deepEqual(summarizeArguments({ name: "Contracts", limit: 10 }, { logQueries: false }), { name: { length: 9, sha256: SHA.contracts }, limit: 10 });
    assert.deepEqual(
      summarizeArguments({ attendee: "Bob", organizer: "Megan Bowen", query: "quarterly budget", sentAfter: "2026-01-01T00:00:00Z" }, { logQueries: false }),
      { attendee: { length: 3, sha256: SHA.bob }, organizer: { length: 11, sha256: SHA.meganBowen }, query: { length: 16, sha256: SHA.quarterlyBudget }, sentAfter: "2026-01-01T00:00:00Z" },
    );
  });

  it("logs m365:// uris as given, pasted web links as host and hash, and other uri text as free text", () => {
    assert.deepEqual(summarizeArguments({ uri: "m365://mail/AAMkAGI2THVSAAA%3D", maxChars: 2000 }, { logQueries: false }), { uri: "m365://mail/AAMkAGI2THVSAAA%3D", maxChars: 2000 });
    assert.deepEqual(summarizeArguments({ uri: SHARING_LINK }, { logQueries: false }), { uri: { host: "contoso.sharepoint.com", sha256: SHA.sharingLink } });
    assert.deepEqual(summarizeArguments({ uri: FILE_LINK }, { logQueries: true }), { uri: { host: "contoso-my.sharepoint.com", sha256: SHA.fileLink } });
    // A site given by URL is a link too.
    assert.deepEqual(summarizeArguments({ site: FILE_LINK }, { logQueries: false }), { site: { host: "contoso-my.sharepoint.com", sha256: SHA.fileLink } });
    assert.deepEqual(summarizeArguments({ uri: "not a uri" }, { logQueries: false }), { uri: { length: 9, sha256: SHA.notAUri } });
  });

  it("summarizes arguments a new tool adds as free text, and anything but an object as nothing", () => {
    assert.deepEqual(summarizeArguments({ path: "Contracts", options: { label: "Bob", pageSize: 2 } }, { logQueries: false }), {
      path: { length: 9, sha256: SHA.contracts },
      options: { label: { length: 3, sha256: SHA.bob }, pageSize: 2 },
    });
    const hostile = JSON.parse('{"__proto__": "quarterly budget"}') as unknown;
    assert.deepEqual(Object.entries(summarizeArguments(hostile, { logQueries: false })), [["__proto__", { length: 16, sha256: SHA.quarterlyBudget }]]);
    assert.deepEqual(summarizeArguments(undefined, { logQueries: false }), {});
    assert.deepEqual(summarizeArguments(["quarterly budget"], { logQueries: false }), {});
    assert.deepEqual(summarizeArguments("quarterly budget", { logQueries: false }), {});
  });
});

describe("audit: touched resources", () => {
  it("get_me touches nothing and has no result list", () => {
    const output: GetMeOutput = { displayName: "Alice Wilber", userPrincipalName: "alice@contoso.com", mail: "alice@contoso.com", timeZone: "Pacific Standard Time", workingDays: ["monday"] };
    assert.deepEqual(touchedResources(output, {}), { resources: [], resultCount: undefined });
  });

  it("sharepoint_search: every result's uri, and the results count (not the notes)", () => {
    const output: SharepointSearchOutput = {
      results: [
        {
          name: "Budget.xlsx",
          kind: "file",
          webUrl: "https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Budget.xlsx",
          snippet: "quarterly budget for …",
          lastModifiedDateTime: "2026-01-31T10:00:00Z",
          lastModifiedBy: "Megan Bowen",
          siteId: SITE_ID,
          fileType: "xlsx",
          size: 20480,
          foundBy: "searchIndex",
          uri: "m365://drives/b%21abc/items/01ABC",
        },
        { name: "Budget notes", kind: "listItem", foundBy: "searchIndex", uri: "m365://sites/contoso.sharepoint.com%2C2c9e%2C7d1f/lists/L1/items/7" },
        { name: "Plan.md", kind: "file", foundBy: "driveSearch", uri: "m365://drives/b%21abc/items/01DEF" },
      ],
      notes: ["Microsoft Search does not index .md files: they were also matched by name."],
      nextCursor: CURSOR,
    };
    assert.deepEqual(touchedResources(output, { query: "budget" }), {
      resources: ["m365://drives/b%21abc/items/01ABC", "m365://sites/contoso.sharepoint.com%2C2c9e%2C7d1f/lists/L1/items/7", "m365://drives/b%21abc/items/01DEF"],
      resultCount: 3,
    });
  });

  it("sharepoint_folder_search: the folders", () => {
    const output: SharepointFolderSearchOutput = {
      folders: [
        { name: "Contracts", path: "/Legal/Contracts", webUrl: "https://contoso.sharepoint.com/sites/Legal/Contracts", childCount: 12, siteId: SITE_ID, uri: "m365://drives/b%21legal/items/01F1" },
        { name: "Contracts 2025", uri: "m365://drives/b%21legal/items/01F2" },
      ],
    };
    assert.deepEqual(touchedResources(output, { name: "Contracts" }), { resources: ["m365://drives/b%21legal/items/01F1", "m365://drives/b%21legal/items/01F2"], resultCount: 2 });
  });

  it("outlook_email_search: the messages, shared-mailbox uris included, an empty page counting 0", () => {
    const output: OutlookEmailSearchOutput = {
      messages: [
        {
          id: "AAMkAD1",
          uri: "m365://mail/AAMkAD1",
          subject: "Quarterly budget",
          from: { name: "Megan Bowen", address: "megan@contoso.com" },
          to: [{ name: "Alice", address: "alice@contoso.com" }],
          receivedDateTime: "2026-01-15T09:30:00Z",
          preview: "Here is the budget",
          hasAttachments: true,
          isRead: false,
          webLink: "https://outlook.office365.com/owa/?ItemID=AAMkAD1",
        },
        { id: "AAMkAD2", uri: "m365://mailboxes/sales%40contoso.com/mail/AAMkAD2", subject: "" },
      ],
      nextCursor: CURSOR,
    };
    assert.deepEqual(touchedResources(output, { query: "budget" }), { resources: ["m365://mail/AAMkAD1", "m365://mailboxes/sales%40contoso.com/mail/AAMkAD2"], resultCount: 2 });
    const empty: OutlookEmailSearchOutput = { messages: [] };
    assert.deepEqual(touchedResources(empty, { query: "budget" }), { resources: [], resultCount: 0 });
  });

  it("chat_message_search: chat and channel messages", () => {
    const output: ChatMessageSearchOutput = {
      messages: [
        { id: "1700000000001", uri: "m365://chats/19%3Aabc%40thread.v2/messages/1700000000001", snippet: "release date is Friday", from: { name: "Bob" }, sentDateTime: "2026-01-02T10:00:00Z", chatId: "19:abc@thread.v2" },
        { id: "1700000000002", uri: "m365://teams/T1/channels/19%3Achan%40thread.tacv2/messages/1700000000002", snippet: "release", teamId: "T1", channelId: "19:chan@thread.tacv2" },
      ],
    };
    assert.deepEqual(touchedResources(output, { query: "release" }), {
      resources: ["m365://chats/19%3Aabc%40thread.v2/messages/1700000000001", "m365://teams/T1/channels/19%3Achan%40thread.tacv2/messages/1700000000002"],
      resultCount: 2,
    });
  });

  it("outlook_calendar_search: the events", () => {
    const output: OutlookCalendarSearchOutput = {
      events: [
        {
          id: "AAMkEV1",
          subject: "Budget review",
          start: "2026-12-01T09:00:00+01:00",
          end: "2026-12-01T10:00:00+01:00",
          timeZone: "Europe/Berlin",
          isAllDay: false,
          isCancelled: false,
          location: "Room 1",
          organizer: { name: "Megan Bowen", address: "megan@contoso.com" },
          attendees: [{ name: "Bob", address: "bob@contoso.com", type: "required", response: "accepted" }],
          joinUrl: "https://teams.microsoft.com/l/meetup-join/19%3ameeting",
          isRecurring: true,
          webLink: "https://outlook.office365.com/owa/?itemid=AAMkEV1",
          uri: "m365://events/AAMkEV1",
        },
      ],
    };
    assert.deepEqual(touchedResources(output, {}), { resources: ["m365://events/AAMkEV1"], resultCount: 1 });
  });

  it("find_meeting_availability: no resources, and the slots count", () => {
    const output: FindMeetingAvailabilityOutput = {
      timeZone: "Europe/Berlin",
      slots: [
        { start: "2026-12-01T09:00:00+01:00", end: "2026-12-01T10:00:00+01:00", timeZone: "Europe/Berlin", freeAttendees: ["alice@contoso.com", "bob@contoso.com"] },
        { start: "2026-12-01T11:00:00+01:00", end: "2026-12-01T12:00:00+01:00", timeZone: "Europe/Berlin", freeAttendees: ["alice@contoso.com", "bob@contoso.com"] },
      ],
      attendees: [
        { address: "alice@contoso.com", isSelf: true, scheduleRead: true, busy: [] },
        {
          address: "bob@contoso.com",
          requested: "Bob",
          isSelf: false,
          scheduleRead: true,
          busy: [{ start: "2026-12-01T10:00:00+01:00", end: "2026-12-01T11:00:00+01:00", status: "busy" }],
          workingHours: { daysOfWeek: ["monday"], startTime: "08:00", endTime: "17:00", timeZone: "W. Europe Standard Time" },
        },
      ],
      warnings: ["Tentative items count as busy."],
    };
    assert.deepEqual(touchedResources(output, { attendees: ["Bob"] }), { resources: [], resultCount: 2 });
  });

  it("read_resource: the uri read, once, and no result list; a failed read still names the uri asked for", () => {
    const output: ReadResourceOutput = {
      uri: "m365://mail/AAMkAD1",
      kind: "mail",
      title: "Quarterly budget",
      metadata: { from: "Megan Bowen <megan@contoso.com>", subject: "Quarterly budget" },
      text: "From: Megan Bowen\n\nHere is the budget.",
      range: { start: 1, end: 38, total: 38 },
    };
    assert.deepEqual(touchedResources(output, { uri: "m365://mail/AAMkAD1" }), { resources: ["m365://mail/AAMkAD1"], resultCount: undefined });
    assert.deepEqual(touchedResources(undefined, { uri: "m365://events/AAMkEV1" }), { resources: ["m365://events/AAMkEV1"], resultCount: undefined });
  });

  it("read_resource of a pasted link: the link as host and hash, then the item it resolved to", () => {
    const output: ReadResourceOutput = {
      uri: "m365://drives/b%21hr/items/01HR",
      kind: "file",
      title: "Handbook.docx",
      metadata: { webUrl: SHARING_LINK },
      text: "",
      range: { start: 0, end: 0, total: 0 },
    };
    assert.deepEqual(touchedResources(output, { uri: SHARING_LINK }), {
      resources: [`https://contoso.sharepoint.com#sha256=${SHA.sharingLink}`, "m365://drives/b%21hr/items/01HR"],
      resultCount: undefined,
    });
    assert.deepEqual(touchedResources(undefined, { uri: "not a uri" }), { resources: [`sha256:${SHA.notAUri}`], resultCount: undefined });
  });

  it("onedrive_list_root: the items", () => {
    const output: OnedriveListRootOutput = {
      items: [
        { name: "Plan.docx", webUrl: FILE_LINK, lastModifiedDateTime: "2026-01-31T10:00:00Z", size: 1024, mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", uri: "m365://drives/b%21me/items/01A" },
        { name: "Photos", childCount: 3, uri: "m365://drives/b%21me/items/01B" },
      ],
      nextCursor: CURSOR,
    };
    assert.deepEqual(touchedResources(output, { limit: 2 }), { resources: ["m365://drives/b%21me/items/01A", "m365://drives/b%21me/items/01B"], resultCount: 2 });
  });

  it("a tool added later: its first list of items with a uri, and uris nested anywhere", () => {
    const output = { summary: "x", warnings: ["a"], entries: [{ uri: "m365://drives/d/items/1", attachments: [{ uri: "m365://drives/d/items/2" }] }, { uri: "m365://drives/d/items/1" }] };
    assert.deepEqual(touchedResources(output, {}), { resources: ["m365://drives/d/items/1", "m365://drives/d/items/2"], resultCount: 2 });
  });
});

describe("audit: tool.call events", () => {
  const caller = { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", userId: "a11ce000-0000-4000-8000-000000000001" };

  it("collects every Graph request's ids in order, with the upn left out when unknown", () => {
    const event = toolCallEvent({
      tool: "read_resource",
      caller,
      requestId: "req-1",
      args: { uri: "m365://mail/AAMkAD1" },
      structured: { uri: "m365://mail/AAMkAD1", kind: "mail", title: "t", metadata: {}, text: "body", range: { start: 1, end: 4, total: 4 } },
      graphRequests: [
        { operationId: "getMessage", clientRequestId: "c-1", requestId: "g-1", status: "ok" },
        { operationId: "listMessageAttachments", clientRequestId: "c-2", status: "error" },
        { operationId: "listMessages", clientRequestId: "c-3", requestId: "g-3", status: "ok" },
      ],
      outcome: "error",
      failure: new GraphError({ status: 503, code: "GraphUnreachable", message: "", resource: "your mail" }),
      durationMs: 1234.4,
      logQueries: false,
    });
    assert.deepEqual(event, {
      event: "tool.call",
      requestId: "req-1",
      tenantId: caller.tenantId,
      userId: caller.userId,
      tool: "read_resource",
      arguments: { uri: "m365://mail/AAMkAD1" },
      resources: ["m365://mail/AAMkAD1"],
      graphRequests: [
        { operationId: "getMessage", clientRequestId: "c-1", requestId: "g-1", status: "ok" },
        { operationId: "listMessageAttachments", clientRequestId: "c-2", status: "error" },
        { operationId: "listMessages", clientRequestId: "c-3", requestId: "g-3", status: "ok" },
      ],
      outcome: "error",
      errorKind: "unavailable",
      errorCode: "graph_503_GraphUnreachable",
      durationMs: 1234,
    });
  });

  it("records a denied call with the policy reason and no Graph requests", () => {
    const event = toolCallEvent({
      tool: "chat_message_search",
      caller: { ...caller, upn: "alice@contoso.com" },
      requestId: "req-2",
      args: { query: "quarterly budget" },
      graphRequests: [],
      outcome: "denied",
      failure: new Failure("access_denied", "The chat_message_search tool is turned off.", { code: "tool_disabled" }),
      durationMs: 0,
      logQueries: true,
    });
    assert.deepEqual(event, {
      event: "tool.call",
      requestId: "req-2",
      tenantId: caller.tenantId,
      userId: caller.userId,
      upn: "alice@contoso.com",
      tool: "chat_message_search",
      arguments: { query: "quarterly budget" },
      resources: [],
      graphRequests: [],
      outcome: "denied",
      errorKind: "access_denied",
      errorCode: "tool_disabled",
      durationMs: 0,
    });
  });

  it("names errors by stable kinds and codes, never their messages", () => {
    const named = (error: unknown): [string, string | undefined] => {
      const failure = failureOf(error);
      return [failure.kind, failure.details.code];
    };
    const graph = (status: number, code: string): GraphError => new GraphError({ status, code, message: "Access is denied to Budget.xlsx", resource: "this file" });
    assert.deepEqual(named(new InvalidInput("`query` must NOT have more than 500 characters: quarterly budget…")), ["invalid_input", undefined]);
    assert.deepEqual(named(new UnsupportedUri("Unsupported uri.")), ["invalid_input", "unsupported_uri"]);
    assert.deepEqual(named(graph(400, "BadRequest")), ["invalid_input", "graph_400_BadRequest"]);
    assert.deepEqual(named(graph(401, "InvalidAuthenticationToken")), ["access_denied", "graph_401_InvalidAuthenticationToken"]);
    assert.deepEqual(named(graph(403, "ErrorAccessDenied")), ["access_denied", "graph_403_ErrorAccessDenied"]);
    assert.deepEqual(named(graph(404, "itemNotFound")), ["not_found", "graph_404_itemNotFound"]);
    assert.deepEqual(named(graph(429, "TooManyRequests")), ["throttled", "graph_429_TooManyRequests"]);
    assert.deepEqual(named(graph(503, "GraphUnreachable")), ["unavailable", "graph_503_GraphUnreachable"]);
    assert.deepEqual(named(graph(504, GRAPH_TIMEOUT)), ["timeout", "graph_504_GraphTimeout"]);
    assert.deepEqual(named(graph(400, "Bad code with spaces!")), ["invalid_input", "graph_400_Badcodewithspaces"]);
    assert.deepEqual(named(new ExtractionError("'a.docx' is password-protected.", { code: "encrypted" })), ["content_unreadable", "encrypted"]);
    assert.deepEqual(named(new ToolOutputError([])), ["internal", "invalid_output"]);
    assert.deepEqual(named(new DOMException("The operation was aborted.", "AbortError")), ["cancelled", undefined]);
    assert.deepEqual(named(new TypeError("Cannot read properties of undefined (reading 'subject')")), ["internal", "TypeError"]);
    assert.deepEqual(named("a string"), ["internal", "thrown_value"]);
  });

  it("keeps Graph's throttling advice on the failure", () => {
    const failure = new GraphError({ status: 429, code: "TooManyRequests", message: "", resource: "your mail", retryAfterSeconds: 7 });
    assert.equal(failure.details.retryAfterSeconds, 7);
    assert.equal(failure.message, "Graph is throttling requests for your mail; retry after 7 seconds (429 TooManyRequests)");
  });
});

describe("audit: On-Behalf-Of failures", () => {
  it("reads the AADSTS code, OAuth error and correlation id from MSAL's errors", () => {
    // Entra's JSON gives error_codes as numbers; MSAL passes the first one through as errorNo.
    const consent = new ServerError("invalid_grant", "0b5e4b2c-3f1d-4a8e-9d5c-1e2f3a4b5c6d", "Error(s): 65001 - Description: AADSTS65001: The user or administrator has not consented", undefined, 65001 as unknown as string, 400);
    assert.deepEqual(oboFailureFields(consent), { aadsts: "AADSTS65001", errorCode: "invalid_grant", correlationId: "0b5e4b2c-3f1d-4a8e-9d5c-1e2f3a4b5c6d" });
    const interaction = new InteractionRequiredAuthError("interaction_required", "", "AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication", "", "", "", "", "50076");
    assert.deepEqual(oboFailureFields(interaction), { aadsts: "AADSTS50076", errorCode: "interaction_required" });
  });

  it("falls back to the message, and returns nothing for values that are not errors", () => {
    assert.deepEqual(oboFailureFields(new Error("request failed: AADSTS700024: Client assertion is not within its valid time range")), { aadsts: "AADSTS700024" });
    assert.deepEqual(oboFailureFields(new Error("socket hang up")), {});
    assert.deepEqual(oboFailureFields("AADSTS65001"), {});
    assert.deepEqual(oboFailureFields(null), {});
  });
});
