// Graph's throttling headers read into content-free tokens and a share: identifiers and free text never come through.
import assert from "node:assert/strict";
import { throttleSignal } from "../../src/graph/throttle-signals.js";

const headers = (values: Record<string, string>) => ({ header: (name: string): string | undefined => values[name] });

describe("Graph's throttling headers", () => {
  it("reads nothing from an answer that carries none", () => {
    assert.equal(throttleSignal(headers({ "request-id": "r1", "x-ms-resource-unit": "2" })), undefined);
  });

  it("reads x-ms-throttle-limit-percentage as a share, rounded to hundredths", () => {
    assert.deepEqual(throttleSignal(headers({ "x-ms-throttle-limit-percentage": "0.8123" })), { limitPercentage: 0.81 });
    assert.deepEqual(throttleSignal(headers({ "x-ms-throttle-limit-percentage": "1.8" })), { limitPercentage: 1.8 });
  });

  for (const value of ["", " ", "high", "-1", "0", "80%", "1e9", "NaN"]) {
    it(`ignores a limit percentage of ${JSON.stringify(value)}`, () => {
      assert.equal(throttleSignal(headers({ "x-ms-throttle-limit-percentage": value })), undefined);
    });
  }

  it("keeps a scope's name and limit and drops the app and tenant ids after them", () => {
    const scope = "Tenant_Application/ReadWrite/9a3d526c-b3c1-4479-ba74-197b5c5751ae/0785ef7c-2d7a-4542-b048-95bcab406e0b";
    assert.deepEqual(throttleSignal(headers({ "x-ms-throttle-scope": scope })), { scope: "Tenant_Application/ReadWrite" });
  });

  it("reads the one-token scopes and x-ms-throttle-reason of the page's earlier version", () => {
    assert.deepEqual(throttleSignal(headers({ "x-ms-throttle-scope": "Tenant_All", "x-ms-throttle-reason": "RULimitExceeded" })), { scope: "Tenant_All", reason: "RULimitExceeded" });
  });

  it("prefers x-ms-throttle-information to x-ms-throttle-reason", () => {
    assert.deepEqual(throttleSignal(headers({ "x-ms-throttle-information": "CPULimitExceeded", "x-ms-throttle-reason": "Other" })), { reason: "CPULimitExceeded" });
  });

  it("keeps a reason only as one short token, never free text", () => {
    assert.equal(throttleSignal(headers({ "x-ms-throttle-information": "Rate approaching limit for alice@contoso.com" })), undefined);
    assert.equal(throttleSignal(headers({ "x-ms-throttle-information": "x".repeat(65) })), undefined);
  });

  it("keeps nothing of a scope that starts with an identifier", () => {
    assert.equal(throttleSignal(headers({ "x-ms-throttle-scope": "0785ef7c-2d7a-4542-b048-95bcab406e0b/Read" })), undefined);
  });
});
