// The sandbox tenants: seeded, deterministic Microsoft 365 data for three users in two organisations, served through
// the contract-checked SimulatedGraph. Every Graph operation of the contract gets a resolver that answers per user.
import { TENANTS, SIGN_IN_PEOPLE } from "./data/directory.js";
import { registerCalendar } from "./data/resolvers/calendar.js";
import { registerFiles } from "./data/resolvers/files.js";
import { registerMail } from "./data/resolvers/mail.js";
import { registerPeople } from "./data/resolvers/people.js";
import { registerSearch } from "./data/resolvers/search.js";
import { registerTeams } from "./data/resolvers/teams.js";
import { World } from "./data/world.js";
import type { SimulatedGraph } from "./graph.js";
import type { SimulatorHost } from "./host.js";

export interface SandboxUser {
  tenantId: string;
  userId: string;
  upn: string;
  displayName: string;
  scopes: string[];
}

/** Every delegated permission the tools use, so each sandbox user sees every tool. */
const SCOPES = [
  "User.Read", "MailboxSettings.Read", "Mail.Read", "Mail.Read.Shared", "Calendars.Read", "People.Read", "User.ReadBasic.All",
  "Files.Read.All", "Sites.Read.All", "Chat.Read", "ChannelMessage.Read.All", "Files.Read",
];

/** Adele Vance and Alex Wilber at Contoso, Megan Bowen at Fabrikam. */
export const SANDBOX_USERS: readonly SandboxUser[] = SIGN_IN_PEOPLE.map((p) => ({
  tenantId: TENANTS[p.tenant].id,
  userId: p.id,
  upn: p.mail,
  displayName: p.displayName,
  scopes: [...SCOPES],
}));

/**
 * Registers a resolver for every Graph operation in the contract on `graph`, answering from the seeded data per user,
 * and serves the files' bytes on `files`, where Graph's /content redirects point.
 */
export function seedSandbox(graph: SimulatedGraph, files: SimulatorHost, now: Date = new Date()): void {
  const world = new World(now);
  const register = (operationId: string, resolver: Parameters<SimulatedGraph["on"]>[1]): void => {
    graph.on(operationId, resolver);
  };
  registerPeople(register, world.chats);
  registerMail(register, world.mail);
  registerCalendar(register, world.calendars);
  registerSearch(register, world.drives, world.chats);
  registerTeams(register, world.chats);
  files.handler = registerFiles(register, world.drives, files.origin);
}
