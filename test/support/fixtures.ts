// Graph reply bodies and hostile values shared by several tool suites.
import type { MockReply } from "./mock-graph.js";

/** Another user of alice's tenant. */
export const BOB_USER_ID = "b0b00000-0000-4000-8000-000000000002";

/** A 10 kB string, for arguments that must be refused before Graph is called. */
export const TEN_KB = "x".repeat(10_240);

/** An OData collection body, with @odata.nextLink when there is a next page. */
export function odataPage(context: string, value: unknown[], nextLink?: string): Record<string, unknown> {
  return { "@odata.context": context, value, ...(nextLink ? { "@odata.nextLink": nextLink } : {}) };
}

/** Replies for /search/query: one hits container, with `hits` left out when undefined. */
export function searchReplies(searchTerm: string): (hits: unknown[] | undefined, moreResultsAvailable?: boolean) => MockReply {
  return (hits, moreResultsAvailable = false) => {
    const container = { ...(hits ? { hits } : {}), total: hits?.length ?? 0, moreResultsAvailable };
    return {
      body: {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.searchResponse)",
        value: [{ searchTerms: [searchTerm], hitsContainers: [container] }],
      },
    };
  };
}

/** A plain-text mail as GET /me/messages/{id} returns it. */
export function plainMessage(id: string): Record<string, unknown> {
  return {
    id,
    subject: "Q4 budget",
    from: { emailAddress: { name: "Bob Example", address: "bob@contoso.com" } },
    toRecipients: [{ emailAddress: { name: "Alice Example", address: "alice@contoso.com" } }],
    receivedDateTime: "2026-11-27T09:30:00Z",
    hasAttachments: false,
    conversationId: null,
    body: { contentType: "text", content: "See the numbers." },
  };
}
