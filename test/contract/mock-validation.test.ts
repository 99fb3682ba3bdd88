import assert from "node:assert/strict";
import { MockGraph } from "../support/mock-graph.js";

/** The simulated Graph called in process: these tests are about its contract checks, not the wire. */
const graph = new MockGraph(() => Promise.resolve({ tenantId: "t", userId: "u", scopes: [] }));
const get = (path: string): Promise<Response> => Promise.resolve(graph.handler(new Request(`https://graph.test/v1.0${path}`, { headers: { authorization: "Bearer t" } })));

const MESSAGE = {
  id: "AAMkAD1",
  subject: "Quarterly plan",
  receivedDateTime: "2026-11-20T09:30:00Z",
  from: { emailAddress: { name: "Bob", address: "bob@contoso.com" } },
};

describe("the Graph contract guards the mocks", () => {
  afterEach(() => {
    graph.reset();
  });

  const list = (query = "?$top=5"): Promise<Response> => get(`/me/messages${query}`);

  it("accepts a contract-valid request and mock body", async () => {
    graph.on("listMessages", () => ({ body: { value: [MESSAGE] } }));
    assert.equal((await list()).status, 200);
    assert.deepEqual(graph.violations, []);
  });

  it("catches a mock with a wrong property shape", async () => {
    graph.on("listMessages", () => ({ body: { value: [{ ...MESSAGE, from: "bob@contoso.com" }] } }));
    await list();
    // Every alternative of the property's schema reports; all of them, and only them, name that property.
    assert.deepEqual([...new Set(graph.violations.map((v) => v.split(" must ")[0]))], ["listMessages mock: response 200/value/0/from"]);
  });

  it("catches a mock whose collection lacks value or adds unknown members", async () => {
    graph.on("listMessages", () => ({ body: { items: [MESSAGE] } }));
    await list();
    assert.deepEqual(graph.violations, [
      `listMessages mock: response 200 must have required property 'value' {"missingProperty":"value"}`,
      `listMessages mock: response 200 must NOT have additional properties {"additionalProperty":"items"}`,
    ]);
  });

  it("catches a wrongly typed enum in a non-open type", async () => {
    graph.on("getMailboxSettings", () => ({ body: { timeZone: "UTC", workingHours: { daysOfWeek: ["funday"] } } }));
    await get("/me/mailboxSettings");
    assert.match(graph.violations.join("\n"), /daysOfWeek\/0 must be equal to one of the allowed values/);
  });

  it("catches a request with a query option the operation does not take", async () => {
    graph.on("listMessages", () => ({ body: { value: [] } }));
    await list("?$expand=attachments");
    assert.deepEqual(graph.violations, ["listMessages: query option $expand is not in the contract for listMessages"]);
  });

  it("catches an ill-typed query option and an unquoted $search", async () => {
    graph.on("listMessages", () => ({ body: { value: [] } }));
    await list("?$top=0&$search=budget");
    assert.equal(graph.violations.length, 2);
    assert.match(graph.violations[0] ?? "", /query \$top must be >= 1/);
    assert.match(graph.violations[1] ?? "", /query \$search must match pattern/);
  });

  it("catches a request to a path that is not in the contract", async () => {
    await get("/me/contacts");
    assert.deepEqual(graph.violations, ["GET /v1.0/me/contacts is not an operation of the Graph contract"]);
  });
});
