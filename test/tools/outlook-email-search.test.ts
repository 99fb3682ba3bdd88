import assert from "node:assert/strict";
import { BOB_USER_ID, TEN_KB, odataPage } from "../support/fixtures.js";
import { graphError, queryOf, throttled } from "../support/mock-graph.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import { CURSOR_OUTSIDE, INVALID_CURSOR, cursorCodec, tamperedSignature, toolCalls } from "../support/tool-calls.js";

const CURSOR_KEY = "outlook-email-search-test-cursor-key-0123456789";
const FULL_SELECT = "id,subject,from,toRecipients,receivedDateTime,hasAttachments,isRead,webLink,bodyPreview";
const CONTEXT = "https://graph.microsoft.com/v1.0/$metadata#users('alice%40contoso.com')/messages";

const BUDGET = {
  "@odata.etag": 'W/"CQAAABYAAAB"',
  id: "AAMkAGI2TG93AAA=",
  subject: "Q3 budget",
  from: { emailAddress: { name: "Megan Bowen", address: "megan@contoso.com" } },
  toRecipients: [{ emailAddress: { name: "Alice Example", address: "alice@contoso.com" } }, { emailAddress: { address: "team@contoso.com" } }],
  receivedDateTime: "2026-11-20T09:15:00Z",
  bodyPreview: "Here is the *draft* budget for Q3.",
  hasAttachments: true,
  isRead: false,
  webLink: "https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
};

const NOTE = {
  id: "AAMkAGI2TG94AAA=",
  subject: "",
  from: { emailAddress: { name: "Nestor Wilke", address: "nestor@contoso.com" } },
  toRecipients: [],
  receivedDateTime: "2026-11-19T16:00:00Z",
  bodyPreview: "",
  hasAttachments: false,
  isRead: true,
  webLink: "https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG94AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
};

const BUDGET_ITEM = {
  id: "AAMkAGI2TG93AAA=",
  uri: "m365://mail/AAMkAGI2TG93AAA%3D",
  subject: "Q3 budget",
  from: { name: "Megan Bowen", address: "megan@contoso.com" },
  to: [{ name: "Alice Example", address: "alice@contoso.com" }, { address: "team@contoso.com" }],
  receivedDateTime: "2026-11-20T09:15:00Z",
  preview: "Here is the *draft* budget for Q3.",
  hasAttachments: true,
  isRead: false,
  webLink: "https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
};

const page = (value: unknown[], nextLink?: string): { body: Record<string, unknown> } => ({ body: odataPage(CONTEXT, value, nextLink) });

describe("outlook_email_search", () => {
  const harness = useHarness({ M365_MCP_CURSOR_KEY: CURSOR_KEY });
  const aliceCursors = cursorCodec(CURSOR_KEY, "outlook_email_search");
  const { call, failure } = toolCalls(harness, "outlook_email_search");

  describe("results", () => {
    it("searches the mailbox with free text and returns the messages", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([BUDGET, NOTE]));
      const result = await call({ query: "quarterly budget", limit: 5 });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(result.structuredContent, {
        messages: [
          BUDGET_ITEM,
          {
            id: "AAMkAGI2TG94AAA=",
            uri: "m365://mail/AAMkAGI2TG94AAA%3D",
            subject: "",
            from: { name: "Nestor Wilke", address: "nestor@contoso.com" },
            receivedDateTime: "2026-11-19T16:00:00Z",
            hasAttachments: false,
            isRead: true,
            webLink: "https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG94AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
          },
        ],
      });
      assert.equal(
        textOf(result),
        [
          "## Email search: 2 messages",
          "",
          "1. **Q3 budget** from Megan Bowen (2026-11-20T09:15:00Z, unread, attachments)",
          "   Here is the \\*draft\\* budget for Q3.",
          "   `m365://mail/AAMkAGI2TG93AAA%3D`",
          "2. **(no subject)** from Nestor Wilke (2026-11-19T16:00:00Z)",
          "   `m365://mail/AAMkAGI2TG94AAA%3D`",
        ].join("\n"),
      );
      assert.deepEqual(queryOf(graph.requestsFor("listMessages")[0]), { $select: FULL_SELECT, $top: "5", $search: '"\\"quarterly budget\\""' });
      assert.equal(graph.requestsFor("listMessages")[0]?.caller.userId, ALICE.userId);
    });

    it("says so when nothing matches", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      const result = await call({ query: "nothing like this" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(result.structuredContent, { messages: [] });
      assert.equal(queryOf(graph.requestsFor("listMessages")[0])["$search"], '"\\"nothing like this\\""');
      assert.equal(textOf(result), '## Email search: no messages found\n> The words of `query` were searched as one phrase, together and in this order (sent as `"\\"nothing like this\\""`); fewer words, or one of them, may find more.');
      assert.equal(queryOf(graph.requestsFor("listMessages")[0])["$top"], "10");
    });

    it("gives no phrase hint for one word that found nothing", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      assert.equal(textOf(await call({ query: "quokka" })), "## Email search: no messages found");
    });

    it("skips messages Graph returns without an id", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([{ subject: "no id" }, BUDGET]));
      const result = await call({ query: "budget" });
      assert.deepEqual(result.structuredContent, { messages: [BUDGET_ITEM] });
    });

    it("leaves out the preview when only Mail.ReadBasic is granted", async () => {
      const { graph, auth } = harness();
      auth.add("basic-token", { ...ALICE, scopes: ["User.Read", "Mail.ReadBasic"] });
      graph.on("listMessages", () => page([]));
      const result = await call({ query: "budget" }, "basic-token");
      assert.equal(result.isError, undefined, textOf(result));
      assert.equal(queryOf(graph.requestsFor("listMessages")[0])["$select"], "id,subject,from,toRecipients,receivedDateTime,hasAttachments,isRead,webLink");
    });
  });

  describe("filters", () => {
    it("builds one KQL query for text search: phrase, sender name, recipient, subject, dates, attachments", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      const result = await call({
        query: "budget",
        from: "Megan Bowen",
        to: "alice@contoso.com",
        subject: "Q3 plan",
        receivedAfter: "2026-01-01T00:00:00Z",
        receivedBefore: "2026-01-31T23:30:00-02:00",
        hasAttachments: false,
      });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(queryOf(graph.requestsFor("listMessages")[0]), {
        $select: FULL_SELECT,
        $top: "10",
        $search: '"\\"budget\\" from:\\"Megan Bowen\\" to:\\"alice@contoso.com\\" subject:\\"Q3 plan\\" received>=01/01/2026 received<=02/01/2026 hasAttachments:false"',
      });
    });

    it("uses $filter with the ordered date first when no text search is needed", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      const result = await call({
        from: "megan@contoso.com",
        receivedAfter: "2026-01-01T00:00:00+01:00",
        receivedBefore: "2026-02-01T00:00:00Z",
        hasAttachments: true,
        unreadOnly: true,
      });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(queryOf(graph.requestsFor("listMessages")[0]), {
        $select: FULL_SELECT,
        $top: "10",
        $filter:
          "receivedDateTime ge 2025-12-31T23:00:00Z and receivedDateTime lt 2026-02-01T00:00:00Z and from/emailAddress/address eq 'megan@contoso.com' and hasAttachments eq true and isRead eq false",
        $orderby: "receivedDateTime desc",
      });
    });

    it("reads a plain date as the start of that day in the mailbox's time zone, and says so", async () => {
      const { graph } = harness();
      graph.on("getMailboxSettings", () => ({ body: { timeZone: "Pacific Standard Time" } }));
      graph.on("listMessages", () => page([]));
      const result = await call({ from: "megan@contoso.com", receivedAfter: "2026-11-24", receivedBefore: "2026-11-26" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.equal(graph.requestsFor("getMailboxSettings")[0]?.query.get("$select"), "timeZone");
      assert.equal(
        queryOf(graph.requestsFor("listMessages")[0])["$filter"],
        "receivedDateTime ge 2026-11-24T08:00:00Z and receivedDateTime lt 2026-11-26T08:00:00Z and from/emailAddress/address eq 'megan@contoso.com'",
      );
      assert.equal(
        textOf(result),
        "## Email search: no messages found\n> Dates read as the start of the day in America/Los_Angeles (your mailbox's time zone): `receivedAfter` 2026-11-24 as 2026-11-24T00:00:00-08:00, `receivedBefore` 2026-11-26 as 2026-11-26T00:00:00-08:00.",
      );
    });

    it("reads a plain date as a UTC day when the mailbox's time zone cannot be read, and in text search as that day", async () => {
      const { graph } = harness();
      graph.on("getMailboxSettings", () => graphError(403, "ErrorAccessDenied", "Access is denied."));
      graph.on("listMessages", () => page([]));
      const result = await call({ query: "budget", receivedAfter: "2026-11-24", receivedBefore: "2026-11-26" });
      assert.equal(queryOf(graph.requestsFor("listMessages")[0])["$search"], '"\\"budget\\" received>=11/24/2026 received<11/26/2026"');
      assert.match(textOf(result), /> Dates read as the start of the day in UTC \(UTC, as your mailbox's time zone is not known\): `receivedAfter` 2026-11-24 as 2026-11-24T00:00:00Z/);
    });

    it("asks for no mailbox settings when every date has a time", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      const result = await call({ receivedAfter: "2026-11-24T09:00:00+01:00" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.equal(graph.requestsFor("getMailboxSettings").length, 0);
      assert.ok(!textOf(result).includes("Dates read"));
    });

    it("puts a date floor first when filtering by sender address alone", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([BUDGET]));
      const result = await call({ from: "megan@contoso.com" });
      assert.deepEqual(result.structuredContent, { messages: [BUDGET_ITEM] });
      assert.deepEqual(queryOf(graph.requestsFor("listMessages")[0]), {
        $select: FULL_SELECT,
        $top: "10",
        $filter: "receivedDateTime ge 1900-01-01T00:00:00Z and from/emailAddress/address eq 'megan@contoso.com'",
        $orderby: "receivedDateTime desc",
      });
    });

    it("filters on unread messages alone", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      await call({ unreadOnly: true, limit: 50 });
      assert.deepEqual(queryOf(graph.requestsFor("listMessages")[0]), {
        $select: FULL_SELECT,
        $top: "50",
        $filter: "receivedDateTime ge 1900-01-01T00:00:00Z and isRead eq false",
        $orderby: "receivedDateTime desc",
      });
    });

    it("filters on messages without attachments", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      await call({ hasAttachments: false, receivedBefore: "2026-03-01T00:00:00Z" });
      assert.equal(queryOf(graph.requestsFor("listMessages")[0])["$filter"], "receivedDateTime lt 2026-03-01T00:00:00Z and hasAttachments eq false");
    });

    it("lists a folder newest first when the folder is the only criterion", async () => {
      const { graph } = harness();
      graph.on("listFolderMessages", () => page([BUDGET]));
      const result = await call({ folder: "sentitems" });
      assert.deepEqual(result.structuredContent, { messages: [BUDGET_ITEM] });
      const request = graph.requestsFor("listFolderMessages")[0];
      assert.equal(request?.pathParams["mailFolder-id"], "sentitems");
      assert.deepEqual(queryOf(request), { $select: FULL_SELECT, $top: "10", $orderby: "receivedDateTime desc" });
    });

    it("searches within a folder", async () => {
      const { graph } = harness();
      graph.on("listFolderMessages", () => page([]));
      await call({ folder: "inbox", subject: "invoice" });
      const request = graph.requestsFor("listFolderMessages")[0];
      assert.equal(request?.url.pathname, "/v1.0/me/mailFolders/inbox/messages");
      assert.deepEqual(queryOf(request), { $select: FULL_SELECT, $top: "10", $search: '"subject:\\"invoice\\""' });
    });
  });

  describe("shared mailboxes", () => {
    it("searches a shared mailbox and returns URIs that name it", async () => {
      const { graph } = harness();
      graph.on("listUserMessages", () => page([BUDGET]));
      const result = await call({ mailbox: "sales@contoso.com", query: "budget" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(result.structuredContent, { messages: [{ ...BUDGET_ITEM, uri: "m365://mailboxes/sales%40contoso.com/mail/AAMkAGI2TG93AAA%3D" }] });
      assert.match(textOf(result), /^## Email search in sales@contoso.com: 1 message\n/);
      const request = graph.requestsFor("listUserMessages")[0];
      assert.equal(request?.pathParams["user-id"], "sales@contoso.com");
      assert.deepEqual(queryOf(request), { $select: FULL_SELECT, $top: "10", $search: '"\\"budget\\""' });
    });

    it("searches a folder of a shared mailbox", async () => {
      const { graph } = harness();
      graph.on("listUserFolderMessages", () => page([]));
      await call({ mailbox: "sales@contoso.com", folder: "inbox", unreadOnly: true });
      const request = graph.requestsFor("listUserFolderMessages")[0];
      assert.deepEqual(request?.pathParams, { "user-id": "sales@contoso.com", "mailFolder-id": "inbox" });
      assert.equal(queryOf(request)["$filter"], "receivedDateTime ge 1900-01-01T00:00:00Z and isRead eq false");
    });

    it("refuses a shared mailbox without Mail.Read.Shared and names the permission", async () => {
      const { graph, auth } = harness();
      auth.add("own-mail-token", { ...ALICE, scopes: ["User.Read", "Mail.Read"] });
      assert.equal(
        await failure({ mailbox: "sales@contoso.com", query: "budget" }, "own-mail-token"),
        "Searching another mailbox needs the Mail.Read.Shared permission, which has not been granted; leave out `mailbox` to search your own mailbox.",
      );
      assert.equal(graph.requests.length, 0);
    });

    it("refuses a mailbox that is not an email address", async () => {
      const { graph } = harness();
      for (const mailbox of ["sales", "sales@contoso.com/../me", "a@b.com?x=1", "a@b.com#x", "a b@contoso.com"]) {
        assert.equal(await failure({ mailbox, query: "budget" }), "`mailbox` must be an email address, e.g. sales@contoso.com.");
      }
      assert.equal(graph.requests.length, 0);
    });
  });

  describe("paging", () => {
    it("returns a cursor that continues with Graph's next link, and none on the last page", async () => {
      const { graph } = harness();
      const nextLink = `${harness().graphEndpoint}/v1.0/me/messages?%24search=%22%5C%22budget%5C%22%22&%24top=1&%24skip=1`;
      graph.on("listMessages", (request) => (request.query.has("$skip") ? page([NOTE]) : page([BUDGET], nextLink)));
      const first = await call({ query: "budget", limit: 1 });
      const cursor = (first.structuredContent as { nextCursor?: unknown }).nextCursor;
      assert.equal(typeof cursor, "string");
      assert.ok(textOf(first).endsWith(`\n\nMore messages match: call again with the same arguments and \`cursor\`: \`${String(cursor)}\``), textOf(first));
      const second = await call({ query: "budget", limit: 1, cursor });
      assert.equal(second.isError, undefined, textOf(second));
      assert.deepEqual((second.structuredContent as { messages: Array<{ id: string }> }).messages.map((m) => m.id), ["AAMkAGI2TG94AAA="]);
      assert.equal((second.structuredContent as { nextCursor?: unknown }).nextCursor, undefined);
      const requests = graph.requestsFor("listMessages");
      assert.equal(requests.length, 2);
      assert.equal(requests[1]?.url.pathname, "/v1.0/me/messages");
      assert.deepEqual(queryOf(requests[1]), { $search: '"\\"budget\\""', $top: "1", $skip: "1" });
    });

    it("rejects a tampered cursor", async () => {
      const { graph } = harness();
      const cursor = await aliceCursors.seal({ operation: "listMessages", nextLink: `${harness().graphEndpoint}/v1.0/me/messages?%24skip=10` });
      assert.equal(await failure({ query: "budget", cursor: tamperedSignature(cursor) }), INVALID_CURSOR);
      assert.equal(graph.requests.length, 0);
    });

    it("rejects a cursor whose link leaves Graph or the messages path", async () => {
      const { graph } = harness();
      const otherHost = await aliceCursors.seal({ operation: "listMessages", nextLink: "https://evil.example.com/v1.0/me/messages?%24skip=10" });
      const otherPath = await aliceCursors.seal({ operation: "listMessages", nextLink: `${harness().graphEndpoint}/v1.0/me/drive/root/children` });
      assert.equal(await failure({ query: "budget", cursor: otherHost }), CURSOR_OUTSIDE);
      assert.equal(await failure({ query: "budget", cursor: otherPath }), CURSOR_OUTSIDE);
      assert.equal(graph.requests.length, 0);
    });

    it("rejects a cursor from a search of another mailbox or folder", async () => {
      const { graph } = harness();
      const shared = await aliceCursors.seal({ operation: "listUserMessages", nextLink: `${harness().graphEndpoint}/v1.0/users/sales%40contoso.com/messages?%24skip=10` });
      assert.equal(await failure({ query: "budget", cursor: shared }), INVALID_CURSOR);
      const bob = cursorCodec(CURSOR_KEY, "outlook_email_search", BOB_USER_ID);
      const bobs = await bob.seal({ operation: "listMessages", nextLink: `${harness().graphEndpoint}/v1.0/me/messages?%24skip=10` });
      assert.equal(await failure({ query: "budget", cursor: bobs }), INVALID_CURSOR);
      const empty = await aliceCursors.seal({ operation: "listMessages" });
      assert.equal(await failure({ query: "budget", cursor: empty }), "The cursor holds no page link; run the search again without a cursor.");
      assert.equal(graph.requests.length, 0);
    });
  });

  describe("invalid input", () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        "no criterion",
        { limit: 5 },
        "Give at least one search criterion: `query`, `from`, `to`, `subject`, `receivedAfter`, `receivedBefore`, `folder`, `hasAttachments`, `unreadOnly`.",
      ],
      [
        "only unreadOnly: false",
        { unreadOnly: false },
        "Give at least one search criterion: `query`, `from`, `to`, `subject`, `receivedAfter`, `receivedBefore`, `folder`, `hasAttachments`, `unreadOnly`.",
      ],
      [
        "unreadOnly with free text",
        { query: "budget", unreadOnly: true },
        "`unreadOnly` cannot be combined with `query`, `to`, `subject` or a sender name: Outlook's text search has no read-state filter. Drop `unreadOnly`, or search by sender address, dates, folder and attachments only.",
      ],
      [
        "unreadOnly with a sender name",
        { from: "Megan Bowen", unreadOnly: true },
        "`unreadOnly` cannot be combined with `query`, `to`, `subject` or a sender name: Outlook's text search has no read-state filter. Drop `unreadOnly`, or search by sender address, dates, folder and attachments only.",
      ],
      ["dates in the wrong order", { receivedAfter: "2026-02-01T00:00:00Z", receivedBefore: "2026-01-01T00:00:00Z" }, "`receivedAfter` must not be later than `receivedBefore`."],
      ["a date that is not ISO 8601", { receivedAfter: "last tuesday" }, "Invalid arguments: `receivedAfter` must be a date such as 2026-11-24 or an ISO 8601 date-time with an offset such as 2026-11-24T09:00:00Z."],
      ["a limit above 50", { query: "budget", limit: 51 }, "Invalid arguments: `limit` must be <= 50."],
      ["a limit below 1", { query: "budget", limit: 0 }, "Invalid arguments: `limit` must be >= 1."],
      ["an unknown argument", { query: "budget", sender: "bob" }, "Invalid arguments: `sender` is not an argument of this tool."],
      ["a non-boolean flag", { unreadOnly: "yes" }, "Invalid arguments: `unreadOnly` must be boolean."],
      ["an empty query", { query: "" }, "Invalid arguments: `query` must NOT have fewer than 1 characters."],
    ];
    for (const [name, args, message] of cases) {
      it(`refuses ${name}`, async () => {
        assert.equal(await failure(args), message);
        assert.equal(harness().graph.requests.length, 0);
      });
    }
  });

  describe("Graph errors", () => {
    it("maps 403 to a clear denial of the mailbox", async () => {
      harness().graph.on("listUserMessages", () => graphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."));
      assert.equal(await failure({ mailbox: "ceo@contoso.com", query: "budget" }), "Graph denied access to this mailbox (403 ErrorAccessDenied)");
    });

    it("maps 404 for an unknown folder", async () => {
      harness().graph.on("listFolderMessages", () => graphError(404, "ErrorItemNotFound", "The specified object was not found in the store."));
      assert.equal(await failure({ folder: "no-such-folder" }), "Graph could not find this mailbox (404 ErrorItemNotFound)");
    });

    it("maps 400 with Graph's reason", async () => {
      harness().graph.on("listMessages", () => graphError(400, "InefficientFilter", "The restriction or sort order is too complex for this operation."));
      assert.equal(
        await failure({ unreadOnly: true }),
        "Graph rejected the request for this mailbox (400 InefficientFilter): The restriction or sort order is too complex for this operation.",
      );
    });

    it("retries 429 and then reports throttling", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => throttled("ApplicationThrottled", "Application is over its MailboxConcurrency limit."));
      assert.equal(await failure({ query: "budget" }), "Graph is throttling requests for this mailbox; retry after 0 seconds (429 ApplicationThrottled)");
      assert.equal(graph.requestsFor("listMessages").length, 4);
    });
  });

  describe("hostile values", () => {
    it("keeps quotes, parentheses, OR, * and unicode inside one escaped KQL phrase", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      await call({ query: 'budget" OR (subject:"secret") * \\ 日本語 ☃', subject: "a\"b\nc" });
      assert.equal(queryOf(graph.requestsFor("listMessages")[0])["$search"], '"\\"budget OR (subject: secret ) * 日本語 ☃\\" subject:\\"a b c\\""');
    });

    it("doubles single quotes of a sender address in $filter", async () => {
      const { graph } = harness();
      graph.on("listMessages", () => page([]));
      await call({ from: "o'brien') or (1 eq 1@contoso.com" });
      // Not an address (it has spaces), so it goes to text search as a quoted phrase.
      assert.equal(queryOf(graph.requestsFor("listMessages")[0])["$search"], "\"from:\\\"o'brien') or (1 eq 1@contoso.com\\\"\"");
      await call({ from: "o'brien'or'1'eq'1@contoso.com" });
      assert.equal(
        queryOf(graph.requestsFor("listMessages")[1])["$filter"],
        "receivedDateTime ge 1900-01-01T00:00:00Z and from/emailAddress/address eq 'o''brien''or''1''eq''1@contoso.com'",
      );
    });

    it("sends a hostile folder id as one path segment", async () => {
      const { graph } = harness();
      graph.on("listFolderMessages", () => page([]));
      await call({ folder: "AAMk/../../users?x=1#y" });
      const request = graph.requestsFor("listFolderMessages")[0];
      assert.equal(request?.pathParams["mailFolder-id"], "AAMk/../../users?x=1#y");
      assert.match(request.url.pathname, /^\/v1\.0\/me\/mailFolders\/[^/]+\/messages$/);
    });

    it("refuses a 10 kB query", async () => {
      assert.equal(await failure({ query: TEN_KB }), "Invalid arguments: `query` must NOT have more than 500 characters.");
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses text that is only quotes and control characters", async () => {
      assert.equal(await failure({ query: '"" \\ \u0007' }), "`query` has no searchable text.");
      assert.equal(await failure({ to: '"' }), "`to` has no searchable text.");
      assert.equal(harness().graph.requests.length, 0);
    });
  });
});
