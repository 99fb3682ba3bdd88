import assert from "node:assert/strict";
import { BOB_USER_ID, TEN_KB, searchReplies } from "../support/fixtures.js";
import { graphError, searchRequestOf, throttled } from "../support/mock-graph.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import { INVALID_CURSOR, cursorCodec, tamperedSignature, toolCalls } from "../support/tool-calls.js";

const CURSOR_KEY = "chat-message-search-test-cursor-key-0123456789ab";
const CHAT_ID = "19:bdeff6bfed7f4b159cdf7fdd61aeacaa@thread.v2";
const TEAM_ID = "fbe2bf47-16c8-47cf-b4a5-4b9b187c508b";
const CHANNEL_ID = "19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2";

const CHAT_HIT = {
  hitId: "AAMkAGIwMDA5MmY0LWY5ZTgtNGY5YS04NzczLWNhNjc0ZGIyZDBjYgBGAAAAAADm35sgHbzESapJ8+BjBlhEBwDAYtphe7dsRbDrOT/HAHoKAAFwxQGaAAA=",
  rank: 1,
  summary: "…the <c0>release</c0> <c0>date</c0> moves to Friday<ddd/>",
  resource: {
    "@odata.type": "microsoft.graph.chatMessage",
    id: "1657782060227",
    createdDateTime: "2026-11-14T07:01:01Z",
    lastModifiedDateTime: "2026-11-14T07:01:03Z",
    subject: "",
    importance: "normal",
    from: { emailAddress: { name: "Goncalo Torres", address: "gtorres@contoso.com" } },
    channelIdentity: {},
    etag: "1657782060227",
    chatId: CHAT_ID,
  },
};

const CHANNEL_HIT = {
  hitId: "AAMkAGIwMDA5MmY0LWY5ZTgtNGY5YS04NzczLWNhNjc0ZGIyZDBjYgBGAAAAAADm35sgHbzESapJ8+BjBlhEBwDAYtphe7dsRbDrOT/HAHoKAAFwxQGbAAA=",
  rank: 2,
  summary: "Is the <c0>release date</c0> <b>final</b>?",
  resource: {
    "@odata.type": "microsoft.graph.chatMessage",
    id: "1657790000000",
    createdDateTime: "2026-11-13T16:30:00.000Z",
    subject: "Launch",
    importance: "high",
    from: { user: { id: "4f1a2b3c", displayName: "Megan Bowen", userIdentityType: "aadUser" } },
    channelIdentity: { teamId: TEAM_ID, channelId: CHANNEL_ID },
    webUrl: "https://teams.microsoft.com/l/message/19%3A4a95f7d8db4c4e7fae857bcebe0623e6%40thread.tacv2/1657790000000",
  },
};

const member = (userId: string, displayName: string, email: string): Record<string, unknown> => ({
  "@odata.type": "#microsoft.graph.aadUserConversationMember",
  id: Buffer.from(`1##${CHAT_ID}##${userId}`).toString("base64"),
  roles: ["owner"],
  displayName,
  visibleHistoryStartDateTime: "0001-01-01T00:00:00Z",
  userId,
  email,
  tenantId: ALICE.tenantId,
});

/** The hits' chat, as GET /chats/{id}?$expand=members answers: a group chat without a topic. */
function chatWithMembers(id: string, extra: Record<string, unknown> = {}): { body: Record<string, unknown> } {
  return {
    body: {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats(members())/$entity",
      id,
      topic: null,
      createdDateTime: "2026-10-01T08:00:00Z",
      lastUpdatedDateTime: "2026-11-14T07:01:01Z",
      chatType: "group",
      webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(id)}/0?tenantId=${ALICE.tenantId}`,
      tenantId: ALICE.tenantId,
      members: [
        member(ALICE.userId, "Alice Example", "alice@contoso.com"),
        member("6b3f5c1e-2d4a-4e8f-9a7b-0c1d2e3f4a5b", "Goncalo Torres", "gtorres@contoso.com"),
        member(BOB_USER_ID, "Bob Example", "bob@contoso.com"),
      ],
      ...extra,
    },
  };
}

const CHAT_ITEM = {
  id: "1657782060227",
  uri: "m365://chats/19%3Abdeff6bfed7f4b159cdf7fdd61aeacaa%40thread.v2/messages/1657782060227",
  chatId: CHAT_ID,
  chat: "group chat with Goncalo Torres and Bob Example",
  snippet: "…the release date moves to Friday …",
  from: { name: "Goncalo Torres", address: "gtorres@contoso.com" },
  sentDateTime: "2026-11-14T07:01:01Z",
};

const CHANNEL_ITEM = {
  id: "1657790000000",
  uri: "m365://teams/fbe2bf47-16c8-47cf-b4a5-4b9b187c508b/channels/19%3A4a95f7d8db4c4e7fae857bcebe0623e6%40thread.tacv2/messages/1657790000000",
  teamId: TEAM_ID,
  channelId: CHANNEL_ID,
  snippet: "Is the release date final?",
  from: { name: "Megan Bowen" },
  sentDateTime: "2026-11-13T16:30:00Z",
  webUrl: "https://teams.microsoft.com/l/message/19%3A4a95f7d8db4c4e7fae857bcebe0623e6%40thread.tacv2/1657790000000",
};

const results = searchReplies("release");

describe("chat_message_search", () => {
  const harness = useHarness({ M365_MCP_CURSOR_KEY: CURSOR_KEY });
  const codec = (tool: string, userId?: string) => cursorCodec(CURSOR_KEY, tool, userId);
  const { call, success, failure } = toolCalls(harness, "chat_message_search");
  beforeEach(() => {
    harness().graph.on("getChat", (request) => chatWithMembers(request.pathParams["chat-id"] ?? ""));
  });

  describe("results", () => {
    it("finds chat and channel messages", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([CHAT_HIT, CHANNEL_HIT]));
      const result = await call({ query: "release date" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(result.structuredContent, { messages: [CHAT_ITEM, CHANNEL_ITEM] });
      assert.equal(
        textOf(result),
        [
          "## Teams message search: 2 messages",
          "",
          "1. **Goncalo Torres** in a group chat with Goncalo Torres and Bob Example (2026-11-14T07:01:01Z): …the release date moves to Friday …",
          `   \`${CHAT_ITEM.uri}\``,
          "2. **Megan Bowen** in a channel (2026-11-13T16:30:00Z): Is the release date final?",
          `   \`${CHANNEL_ITEM.uri}\``,
        ].join("\n"),
      );
      const request = graph.requestsFor("searchQuery")[0];
      assert.equal(request?.caller.userId, ALICE.userId);
      assert.deepEqual(request.body, { requests: [{ entityTypes: ["chatMessage"], query: { queryString: '"release date"' }, from: 0, size: 10 }] });
      // The chat's topic and members come from one read of the chat, as the signed-in user; the channel needs none.
      const chats = graph.requestsFor("getChat");
      assert.deepEqual(chats.map((r) => [r.url.pathname, r.query.get("$expand"), r.caller.userId]), [[`/v1.0/chats/${encodeURIComponent(CHAT_ID)}`, "members", ALICE.userId]]);
    });

    it("reads each distinct chat once, in parallel, and names a chat by its topic when it has one", async () => {
      const { graph } = harness();
      const OTHER_CHAT = "19:5d2c7a1e9f3b4c6d8e0f1a2b3c4d5e6f@thread.v2";
      const inChat = (id: string, chatId: string) => ({ ...CHAT_HIT, resource: { ...CHAT_HIT.resource, id, chatId } });
      graph.on("searchQuery", () => results([inChat("1", CHAT_ID), inChat("2", OTHER_CHAT), inChat("3", CHAT_ID)]));
      let inFlight = 0;
      let most = 0;
      graph.on("getChat", async (request) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 50));
        inFlight--;
        const id = request.pathParams["chat-id"] ?? "";
        return chatWithMembers(id, id === OTHER_CHAT ? { topic: "Launch *crew*" } : {});
      });
      const result = await success({ query: "release" });
      const messages = (result.structuredContent as { messages: Array<{ id: string; chat?: string }> }).messages;
      assert.deepEqual(messages.map((m) => [m.id, m.chat]), [["1", "group chat with Goncalo Torres and Bob Example"], ["2", "Launch *crew*"], ["3", "group chat with Goncalo Torres and Bob Example"]]);
      assert.match(textOf(result), /^2\. \*\*Goncalo Torres\*\* in the chat "Launch \\\*crew\\\*" \(/m);
      assert.deepEqual(graph.requestsFor("getChat").map((r) => r.pathParams["chat-id"]).sort(), [CHAT_ID, OTHER_CHAT].sort());
      assert.equal(most, 2, "the two chats are read at the same time");
    });

    it("names at most five other members of a large chat, and a one-on-one chat by the other person", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([CHAT_HIT]));
      const many = Array.from({ length: 8 }, (_, i) => member(`0000000${i}-0000-4000-8000-000000000000`, `Person ${i + 1}`, `p${i + 1}@contoso.com`));
      graph.on("getChat", (request) => chatWithMembers(request.pathParams["chat-id"] ?? "", { members: [member(ALICE.userId, "Alice Example", "alice@contoso.com"), ...many] }));
      const large = await success({ query: "release" });
      assert.equal((large.structuredContent as { messages: Array<{ chat?: string }> }).messages[0]?.chat, "group chat with Person 1, Person 2, Person 3, Person 4, Person 5 and 3 others");
      graph.on("getChat", (request) =>
        chatWithMembers(request.pathParams["chat-id"] ?? "", { chatType: "oneOnOne", members: [member(ALICE.userId, "Alice Example", "alice@contoso.com"), member(BOB_USER_ID, "Bob Example", "bob@contoso.com")] }),
      );
      const oneOnOne = await success({ query: "release" });
      assert.match(textOf(oneOnOne), /^1\. \*\*Goncalo Torres\*\* in a one-on-one chat with Bob Example \(/m);
    });

    it("still answers when a chat cannot be read, leaving it unnamed with a note", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([CHAT_HIT, CHANNEL_HIT]));
      graph.on("getChat", () => graphError(403, "Forbidden", "Forbidden"));
      const result = await success({ query: "release" });
      const unnamed: Partial<typeof CHAT_ITEM> = { ...CHAT_ITEM };
      delete unnamed.chat;
      assert.deepEqual(result.structuredContent, { messages: [unnamed, CHANNEL_ITEM] });
      assert.equal(
        textOf(result).split("\n").slice(0, 4).join("\n"),
        [
          "## Teams message search: 2 messages",
          "> The topic and members of one chat could not be read; read_resource of its messages may still show them.",
          "",
          "1. **Goncalo Torres** in a chat (2026-11-14T07:01:01Z): …the release date moves to Friday …",
        ].join("\n"),
      );
    });

    it("gives a channel reply the uri of its thread, which read_resource can read", async () => {
      const reply = (thread: Record<string, unknown>) => ({ ...CHANNEL_HIT, resource: { ...CHANNEL_HIT.resource, id: "1657790099999", ...thread } });
      const threadUri = (id: string): string => `m365://teams/${TEAM_ID}/channels/${encodeURIComponent(CHANNEL_ID)}/messages/${id}`;
      harness().graph.on("searchQuery", () =>
        results([
          reply({ replyToId: "1657790000000" }),
          reply({ webUrl: `https://teams.microsoft.com/l/message/19%3A4a95f7d8db4c4e7fae857bcebe0623e6%40thread.tacv2/1657790099999?parentMessageId=1657780000000` }),
        ]),
      );
      const messages = (await success({ query: "release" })).structuredContent as { messages: Array<{ id: string; uri: string }> };
      assert.deepEqual(messages.messages.map((m) => [m.id, m.uri]), [
        ["1657790099999", threadUri("1657790000000")],
        ["1657790099999", threadUri("1657780000000")],
      ]);
    });

    it("works with only ChannelMessage.Read.All", async () => {
      const { graph, auth } = harness();
      auth.add("channel-token", { ...ALICE, scopes: ["ChannelMessage.Read.All"] });
      graph.on("searchQuery", () => results([CHANNEL_HIT]));
      const result = await call({ query: "release" }, "channel-token");
      assert.deepEqual(result.structuredContent, { messages: [CHANNEL_ITEM] });
      assert.equal(harness().graph.requestsFor("getChat").length, 0);
    });

    it("says so when nothing matches", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results(undefined));
      const result = await call({ query: "nothing like this" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(result.structuredContent, { messages: [] });
      assert.equal(textOf(result), '## Teams message search: no messages found\n> The words of `query` were searched as one phrase, together and in this order (sent as `"nothing like this"`); fewer words, or one of them, may find more.');
    });

    it("gives no phrase hint for one word that found nothing", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results(undefined));
      assert.equal(textOf(await call({ query: "quokka" })), "## Teams message search: no messages found");
    });

    it("handles a response without hits containers", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => ({ body: { value: [{ searchTerms: [] }] } }));
      const result = await call({ query: "release" });
      assert.deepEqual(result.structuredContent, { messages: [] });
    });

    it("skips hits without an id or without a chat or channel", async () => {
      const { graph } = harness();
      const noId = { ...CHAT_HIT, resource: { ...CHAT_HIT.resource, id: undefined } };
      const nowhere = { ...CHAT_HIT, resource: { ...CHAT_HIT.resource, chatId: null, channelIdentity: { teamId: TEAM_ID } } };
      graph.on("searchQuery", () => results([noId, nowhere, { hitId: "x", summary: "no resource" }, CHANNEL_HIT]));
      const result = await call({ query: "release" });
      assert.deepEqual(result.structuredContent, { messages: [CHANNEL_ITEM] });
    });

    it("keeps hits without sender, time or summary", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([{ resource: { "@odata.type": "microsoft.graph.chatMessage", id: "1", chatId: CHAT_ID, from: null } }]));
      const result = await call({ query: "release" });
      assert.deepEqual(result.structuredContent, { messages: [{ id: "1", uri: "m365://chats/19%3Abdeff6bfed7f4b159cdf7fdd61aeacaa%40thread.v2/messages/1", chatId: CHAT_ID, chat: CHAT_ITEM.chat, snippet: "" }] });
      assert.match(textOf(result), /1\. \*\*unknown sender\*\* in a group chat with Goncalo Torres and Bob Example: \(no preview\)/);
    });
  });

  describe("filters", () => {
    it("adds sender and sent dates to the KQL query and sizes the page by limit", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([]));
      const result = await call({ query: "budget", from: "Megan Bowen", sentAfter: "2026-01-01T00:00:00Z", sentBefore: "2026-01-31T23:00:00-05:00", limit: 5 });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(searchRequestOf(graph.requestsFor("searchQuery")[0]), {
        entityTypes: ["chatMessage"],
        query: { queryString: '"budget" from:"Megan Bowen" sent>=2026-01-01 sent<=2026-02-01' },
        from: 0,
        size: 5,
      });
    });

    it("filters by sender alone", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([]));
      await call({ query: "budget", from: "megan@contoso.com", limit: 25 });
      assert.deepEqual(searchRequestOf(graph.requestsFor("searchQuery")[0]), {
        entityTypes: ["chatMessage"],
        query: { queryString: '"budget" from:"megan@contoso.com"' },
        from: 0,
        size: 25,
      });
    });

    it("filters by one date bound", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([]));
      await call({ query: "budget", sentBefore: "2026-03-01T08:00:00Z" });
      assert.deepEqual(searchRequestOf(graph.requestsFor("searchQuery")[0]).query, { queryString: '"budget" sent<=2026-03-01' });
    });
  });

  describe("dates", () => {
    it("takes plain dates as UTC days and says that dates are whole UTC days", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([]));
      const result = await call({ query: "release", sentAfter: "2026-11-24", sentBefore: "2026-11-25T23:30:00-02:00" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.equal(searchRequestOf(graph.requestsFor("searchQuery")[0]).query.queryString, '"release" sent>=2026-11-24 sent<=2026-11-26');
      assert.equal(textOf(result), "## Teams message search: no messages found\n> Sent dates are compared by whole UTC days.");
      assert.equal(graph.requestsFor("getMailboxSettings").length, 0);
    });
  });

  describe("paging", () => {
    it("continues from the next offset while more results are available", async () => {
      const { graph } = harness();
      graph.on("searchQuery", (request) => (searchRequestOf(request).from === 0 ? results([CHAT_HIT], true) : results([CHANNEL_HIT], false)));
      const first = await call({ query: "release", limit: 1 });
      const cursor = (first.structuredContent as { nextCursor?: unknown }).nextCursor;
      assert.equal(typeof cursor, "string");
      assert.ok(textOf(first).endsWith(`\n\nMore messages match: call again with the same arguments and \`cursor\`: \`${String(cursor)}\``), textOf(first));
      const second = await call({ query: "release", limit: 1, cursor });
      assert.equal(second.isError, undefined, textOf(second));
      assert.deepEqual(second.structuredContent, { messages: [CHANNEL_ITEM] });
      const requests = graph.requestsFor("searchQuery");
      assert.deepEqual(
        requests.map(searchRequestOf),
        [
          { entityTypes: ["chatMessage"], query: { queryString: '"release"' }, from: 0, size: 1 },
          { entityTypes: ["chatMessage"], query: { queryString: '"release"' }, from: 1, size: 1 },
        ],
      );
    });

    it("rejects a tampered cursor", async () => {
      const cursor = await codec("chat_message_search").seal({ operation: "searchQuery", from: 10 });
      assert.equal(await failure({ query: "release", cursor: tamperedSignature(cursor) }), INVALID_CURSOR);
      assert.equal(harness().graph.requests.length, 0);
    });

    it("rejects cursors of another tool, another user, another operation or without an offset", async () => {
      const mail = await codec("outlook_email_search").seal({ operation: "searchQuery", from: 10 });
      const bob = await codec("chat_message_search", BOB_USER_ID).seal({ operation: "searchQuery", from: 10 });
      const otherOperation = await codec("chat_message_search").seal({ operation: "listMessages", nextLink: `${harness().graphEndpoint}/v1.0/me/messages` });
      const noOffset = await codec("chat_message_search").seal({ operation: "searchQuery", nextLink: "https://evil.example.com/v1.0/search/query" });
      assert.equal(await failure({ query: "release", cursor: mail }), INVALID_CURSOR);
      assert.equal(await failure({ query: "release", cursor: bob }), INVALID_CURSOR);
      assert.equal(await failure({ query: "release", cursor: otherOperation }), INVALID_CURSOR);
      assert.equal(await failure({ query: "release", cursor: noOffset }), "The cursor holds no result offset; run the search again without a cursor.");
      assert.equal(harness().graph.requests.length, 0);
    });
  });

  describe("invalid input", () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["a missing query", { from: "Megan Bowen" }, "Invalid arguments: `query` is required."],
      ["an empty query", { query: "" }, "Invalid arguments: `query` must NOT have fewer than 1 characters."],
      ["a limit above 25", { query: "release", limit: 26 }, "Invalid arguments: `limit` must be <= 25."],
      ["a fractional limit", { query: "release", limit: 2.5 }, "Invalid arguments: `limit` must be integer."],
      ["a date that is not ISO 8601", { query: "release", sentAfter: "2026-13-01" }, "Invalid arguments: `sentAfter` must be a date such as 2026-11-24 or an ISO 8601 date-time with an offset such as 2026-11-24T09:00:00Z."],
      ["dates in the wrong order", { query: "release", sentAfter: "2026-02-01T00:00:00Z", sentBefore: "2026-01-01T00:00:00Z" }, "`sentAfter` must not be later than `sentBefore`."],
      ["an unknown argument", { query: "release", chatId: "19:x@thread.v2" }, "Invalid arguments: `chatId` is not an argument of this tool."],
    ];
    for (const [name, args, message] of cases) {
      it(`refuses ${name}`, async () => {
        assert.equal(await failure(args), message);
        assert.equal(harness().graph.requests.length, 0);
      });
    }
  });

  describe("Graph errors", () => {
    it("maps 403 to a clear denial", async () => {
      harness().graph.on("searchQuery", () => graphError(403, "Forbidden", "Access to ChatMessage in Graph API requires Chat.Read."));
      assert.equal(await failure({ query: "release" }), "Graph denied access to Microsoft Search (403 Forbidden)");
    });

    it("maps 400 with Graph's reason", async () => {
      harness().graph.on("searchQuery", () => graphError(400, "BadRequest", "The query string is not valid KQL."));
      assert.equal(await failure({ query: "release" }), "Graph rejected the request for Microsoft Search (400 BadRequest): The query string is not valid KQL.");
    });

    it("retries 429 and then reports throttling", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => throttled("TooManyRequests", "Too many requests."));
      assert.equal(await failure({ query: "release" }), "Graph is throttling requests for Microsoft Search; retry after 0 seconds (429 TooManyRequests)");
      assert.equal(graph.requestsFor("searchQuery").length, 4);
    });
  });

  describe("hostile values", () => {
    it("keeps quotes, parentheses, OR, * and unicode inside KQL phrases", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => results([]));
      await call({ query: 'launch" OR (from:"ceo") * \\ 日本語 ☃', from: 'Bob" OR from:"eve' });
      assert.deepEqual(searchRequestOf(graph.requestsFor("searchQuery")[0]).query, {
        queryString: '"launch OR (from: ceo ) * 日本語 ☃" from:"Bob OR from: eve"',
      });
    });

    it("refuses a 10 kB query or sender", async () => {
      assert.equal(await failure({ query: TEN_KB }), "Invalid arguments: `query` must NOT have more than 500 characters.");
      assert.equal(await failure({ query: "release", from: TEN_KB }), "Invalid arguments: `from` must NOT have more than 320 characters.");
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses text that is only quotes and control characters", async () => {
      assert.equal(await failure({ query: '"\\"\u0000' }), "`query` has no searchable text.");
      assert.equal(await failure({ query: "release", from: '" "' }), "`from` has no searchable text.");
      assert.equal(harness().graph.requests.length, 0);
    });
  });
});
