#!/usr/bin/env bash
# Runs the MCP Inspector command the sandbox banner prints, as printed, against that sandbox on the Node on PATH, and
# checks that it lists the server's tools. Needs the npm registry (npx fetches the pinned Inspector).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
env -u M365_MCP_CLIENT_ID -u M365_MCP_CONFIG_FILE M365_MCP_PORT=0 XDG_STATE_HOME="$work" node dist/m365-mcp.js >"$work/sandbox.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if grep -q -- "--method tools/list" "$work/sandbox.log"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/sandbox.log"; exit 1; fi
  sleep 1
done
command=$(grep -m1 -- "--method tools/list" "$work/sandbox.log")
# Outside the clone, so npx cannot pick up anything of the project's.
(cd "$work" && eval "$command") >"$work/tools.json"
node -e '
  const names = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).tools.map((t) => t.name).sort().join(" ");
  const expected = "chat_message_search find_meeting_availability get_me onedrive_list_root outlook_calendar_search outlook_email_search read_resource sharepoint_folder_search sharepoint_search";
  if (names !== expected) { console.error(`The Inspector listed: ${names}\nexpected: ${expected}`); process.exit(1); }
  console.log(`Inspector on Node ${process.versions.node} lists the ${expected.split(" ").length} tools.`);
' "$work/tools.json"
