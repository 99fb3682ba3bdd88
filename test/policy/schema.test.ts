import assert from "node:assert/strict";
import { tools } from "../../generated/tools.js";
import { FilePolicySource, parsePolicy, PolicyError } from "../../src/policy/policy.js";
import { compilePolicyValidator } from "../../src/policy/schema.js";
import { captureLogger, TENANT_A, TENANT_B, usePolicyDir } from "./support.js";

const validate = compilePolicyValidator(tools.map((t) => t.name));
const problemsOf = (text: string): string[] => {
  const result = parsePolicy(text, validate);
  assert.ok("problems" in result, "expected the policy to be invalid");
  return result.problems;
};

describe("policy file validation", () => {
  const file = usePolicyDir();

  it("accepts every documented setting", () => {
    const result = parsePolicy(
      [
        "enabled: true",
        `allowedTenants: [${TENANT_A}, ${TENANT_B.toUpperCase()}]`,
        "disabledTools: [find_meeting_availability]",
        "allowedGroups: [aaaaaaaa-0000-0000-0000-000000000001]",
        "rateLimit: { toolCallsPerMinute: 60 }",
        "groupCacheSeconds: 120",
        "tenants:",
        `  ${TENANT_B}:`,
        "    enabled: false",
        "    disabledTools: [chat_message_search]",
        "    allowedGroups: []",
      ].join("\n"),
      validate,
    );
    assert.ok("policy" in result);
    assert.equal(result.policy.toolCallsPerMinute, 60);
    assert.equal(result.policy.groupCacheSeconds, 120);
  });

  it("names a mistyped tool under a tenant by its path and suggests the right one", () => {
    assert.deepEqual(problemsOf(`tenants:\n  ${TENANT_A}:\n    disabledTools: [get_me, chat_mesage_search]\n`), [
      `tenants.${TENANT_A}.disabledTools[1]: unknown tool 'chat_mesage_search' (did you mean 'chat_message_search'?)`,
    ]);
  });

  it("lists the known tools when a name is nothing like one", () => {
    const only = compilePolicyValidator(["get_me", "read_resource"]);
    const result = parsePolicy("disabledTools: [delete_everything]", only);
    assert.deepEqual("problems" in result && result.problems, [
      "disabledTools[0]: unknown tool 'delete_everything' (known tools: get_me, read_resource)",
    ]);
  });

  it("reports every problem at once, each with its path", () => {
    assert.deepEqual(
      problemsOf(
        [
          "enabled: yes please",
          "allowedTenants: [contoso.onmicrosoft.com]",
          "allowedGroups: [42]",
          "rateLimit: { toolCallsPerMinute: 0, burst: 5 }",
          "groupCacheSeconds: 90000",
          "disabledTool: [get_me]",
          "tenants:",
          "  contoso:",
          "    enabled: true",
          `  ${TENANT_A}:`,
          "    rateLimit: 5",
        ].join("\n"),
      ),
      [
        "(top level): unknown setting 'disabledTool' (allowed: enabled, allowedTenants, disabledTools, allowedGroups, rateLimit, groupCacheSeconds, tenants)",
        "enabled: must be true or false, got string \"yes please\"",
        "allowedTenants[0]: must be a tenant ID, a GUID such as 00000000-0000-0000-0000-000000000000 (got 'contoso.onmicrosoft.com')",
        "allowedGroups[0]: must be a string, got number 42",
        "rateLimit: unknown setting 'burst' (allowed: toolCallsPerMinute)",
        "rateLimit.toolCallsPerMinute: must be at least 1, got 0",
        "groupCacheSeconds: must be at most 86400, got 90000",
        "tenants: 'contoso' is not a tenant ID: use the GUID of the Microsoft Entra tenant, e.g. 00000000-0000-0000-0000-000000000000",
        `tenants.${TENANT_A}: unknown setting 'rateLimit' (allowed: enabled, disabledTools, allowedGroups)`,
      ],
    );
  });

  it("names a group id that is not a GUID", () => {
    assert.deepEqual(problemsOf("allowedGroups: [Sales Team]"), [
      "allowedGroups[0]: must be a group object ID, a GUID such as 00000000-0000-0000-0000-000000000000 (got 'Sales Team')",
    ]);
  });

  it("requires toolCallsPerMinute in rateLimit and a list where a list belongs", () => {
    assert.deepEqual(problemsOf("rateLimit: {}\ndisabledTools: get_me\ntenants:\n"), [
      "disabledTools: must be a list, got string \"get_me\"",
      "rateLimit: toolCallsPerMinute is required",
      "tenants: must be a mapping, got nothing (an empty file or value)",
    ]);
  });

  it("refuses tenant rules that could never apply", () => {
    assert.deepEqual(problemsOf(`allowedTenants: [${TENANT_A}]\ntenants:\n  ${TENANT_B}: { enabled: false }\n`), [
      `tenants.${TENANT_B}: this tenant is not in allowedTenants, so its rules would never apply`,
    ]);
  });

  it("refuses one tenant written twice in different case", () => {
    const upper = "AAAAAAAA-1111-1111-1111-111111111111";
    assert.deepEqual(problemsOf(`tenants:\n  ${upper.toLowerCase()}: {}\n  ${upper}: {}\n`), [
      `tenants.${upper}: this tenant appears twice (tenant IDs are not case-sensitive)`,
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    assert.deepEqual(problemsOf("enabled: true\ndisabledTools: [get_me\n"), [
      "not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1",
    ]);
    assert.deepEqual(problemsOf("enabled: true\nenabled: false\n"), ["not valid YAML: Map keys must be unique at line 2, column 1"]);
  });

  it("wants a mapping, not an empty file or a list", () => {
    const expected = "the policy must be a mapping of settings (enabled, allowedTenants, disabledTools, allowedGroups, rateLimit, groupCacheSeconds, tenants)";
    assert.deepEqual(problemsOf(""), [`${expected}, got nothing (an empty file or value)`]);
    assert.deepEqual(problemsOf("- get_me\n"), [`${expected}, got a list`]);
  });

  it("stops startup with a PolicyError naming the file and each problem", () => {
    file.write(`enabled: maybe\ndisabledTools: [chat_mesage_search]\n`);
    assert.throws(
      () => new FilePolicySource(file.path(), captureLogger().logger),
      (error: unknown) => {
        assert.ok(error instanceof PolicyError);
        assert.equal(
          error.message,
          `Invalid policy file ${file.path()}:\n` +
            "  enabled: must be true or false, got string \"maybe\"\n" +
            "  disabledTools[0]: unknown tool 'chat_mesage_search' (did you mean 'chat_message_search'?)",
        );
        return true;
      },
    );
  });

  it("stops startup when the file is missing", () => {
    assert.throws(() => new FilePolicySource(file.path(), captureLogger().logger), {
      name: "PolicyError",
      message: `Invalid policy file ${file.path()}:\n  the file does not exist`,
    });
  });
});
