import assert from "node:assert/strict";
import { mkdirSync, unlinkSync } from "node:fs";
import { ALLOW_ALL, FilePolicySource } from "../../src/policy/policy.js";
import { captureLogger, TENANT_A, usePolicyDir } from "./support.js";

describe("policy hot reload", () => {
  const file = usePolicyDir();

  it("sees a changed file on the next call, and reads an unchanged one only once", () => {
    file.write("rateLimit: { toolCallsPerMinute: 60 }\n");
    const log = captureLogger();
    const source = new FilePolicySource(file.path(), log.logger);
    const first = source.current();
    assert.equal(first.toolCallsPerMinute, 60);
    assert.equal(source.current(), first, "an unchanged file gives the same policy object");

    file.write("rateLimit: { toolCallsPerMinute: 5 }\ndisabledTools: [get_me]\n");
    const second = source.current();
    assert.equal(second.toolCallsPerMinute, 5);
    assert.deepEqual([...second.rulesFor(TENANT_A).disabledTools], ["get_me"]);
    assert.equal(source.current(), second);
    assert.deepEqual(log.errors(), []);
    assert.deepEqual(log.infos().map((l) => [l.msg, l["recovered"]]), [[`Policy file ${file.path()} reloaded`, false]]);
  });

  it("sees a file replaced by rename", () => {
    file.write("enabled: true\n");
    const source = new FilePolicySource(file.path(), captureLogger().logger);
    file.replace("enabled: false\n");
    assert.equal(source.current().enabled, false);
  });

  it("keeps the previous policy when the new file is invalid, logging one error until it is fixed", () => {
    file.write("rateLimit: { toolCallsPerMinute: 60 }\n");
    const log = captureLogger();
    const source = new FilePolicySource(file.path(), log.logger);
    const valid = source.current();

    file.write("rateLimit: { toolCallsPerMinute: 60 }\ndisabledTools: [chat_mesage_search]\n");
    for (let i = 0; i < 3; i++) assert.equal(source.current(), valid);
    assert.deepEqual(
      log.errors().map((l) => [l.msg, l["problems"]]),
      [
        [
          `Policy file ${file.path()} was not reloaded, the previous policy stays in force: disabledTools[0]: unknown tool 'chat_mesage_search' (did you mean 'chat_message_search'?)`,
          ["disabledTools[0]: unknown tool 'chat_mesage_search' (did you mean 'chat_message_search'?)"],
        ],
      ],
    );

    file.write("rateLimit: [\n");
    assert.equal(source.current(), valid);
    assert.equal(log.errors().length, 2, "a different bad version is reported too");
    assert.match(log.errors()[1]?.msg ?? "", /was not reloaded, the previous policy stays in force: not valid YAML: .* at line 2, column 1$/);

    file.write("rateLimit: { toolCallsPerMinute: 7 }\n");
    assert.equal(source.current().toolCallsPerMinute, 7);
    assert.equal(log.errors().length, 2);
    assert.deepEqual(log.infos().map((l) => [l.msg, l["recovered"]]), [[`Policy file ${file.path()} reloaded`, true]]);
  });

  it("keeps the previous policy while the file is deleted, and reloads it when it comes back", () => {
    file.write("enabled: false\n");
    const log = captureLogger();
    const source = new FilePolicySource(file.path(), log.logger);
    unlinkSync(file.path());
    assert.equal(source.current().enabled, false);
    assert.equal(source.current().enabled, false);
    assert.deepEqual(log.errors().map((l) => l.msg), [
      `Policy file ${file.path()} was not reloaded, the previous policy stays in force: the file does not exist`,
    ]);

    file.write("enabled: true\n");
    assert.equal(source.current().enabled, true);
    assert.equal(log.infos().length, 1);
  });

  it("keeps the previous policy when the file is emptied or replaced by a directory", () => {
    file.write("enabled: false\n");
    const log = captureLogger();
    const source = new FilePolicySource(file.path(), log.logger);
    file.write("");
    assert.equal(source.current().enabled, false);
    unlinkSync(file.path());
    mkdirSync(file.path());
    assert.equal(source.current().enabled, false);
    assert.deepEqual(
      log.errors().map((l) => l.msg.replace(`Policy file ${file.path()} was not reloaded, the previous policy stays in force: `, "")),
      [
        "the policy must be a mapping of settings (enabled, allowedTenants, disabledTools, allowedGroups, rateLimit, groupCacheSeconds, tenants), got nothing (an empty file or value)",
        "it is not a regular file",
      ],
    );
  });

  it("allows everything without a policy file", () => {
    const policy = ALLOW_ALL.current();
    assert.equal(policy.enabled, true);
    assert.equal(policy.tenantAllowed(TENANT_A), true);
    assert.deepEqual(policy.rulesFor(TENANT_A), { enabled: true, disabledTools: new Set(), allowedGroups: [] });
    assert.equal(policy.toolCallsPerMinute, undefined);
    assert.equal(policy.groupCacheSeconds, 300);
  });
});
