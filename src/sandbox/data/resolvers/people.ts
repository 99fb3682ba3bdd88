// The signed-in user's profile and mailbox settings, people and directory lookups, and group membership checks.
import type { GraphRequest, MockReply } from "../../graph.js";
import type { Chats } from "../chats.js";
import { TENANTS, WORK_DAYS, colleaguesOf, type Person } from "../directory.js";
import { guid } from "../ids.js";
import type { Json } from "../mailboxes.js";
import { asUser } from "./auth.js";
import { badRequest, collection, entity, odataStringValue, pick } from "./odata.js";
import type { Register } from "./register.js";

export function userJson(p: Person): Json {
  const [given = "", ...rest] = p.displayName.split(" ");
  return {
    id: p.id,
    businessPhones: p.sharedWith ? [] : [`+1 425 555 0${p.id.slice(-3).replace(/\D/g, "1")}`],
    displayName: p.displayName,
    givenName: p.sharedWith ? null : given,
    surname: p.sharedWith ? null : rest.join(" "),
    jobTitle: p.jobTitle || null,
    mail: p.mail,
    mobilePhone: null,
    officeLocation: p.officeLocation || null,
    preferredLanguage: "en-US",
    userPrincipalName: p.mail,
  };
}

export const workingHoursOf = (p: Person): Json => ({
  daysOfWeek: [...WORK_DAYS],
  startTime: `${p.workStart}:00.0000000`,
  endTime: `${p.workEnd}:00.0000000`,
  timeZone: { name: p.timeZone },
});

function mailboxSettings(p: Person): Json {
  return {
    archiveFolder: guid(`archive:${p.id}`),
    timeZone: p.timeZone,
    delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
    dateFormat: "M/d/yyyy",
    timeFormat: "h:mm tt",
    userPurpose: p.sharedWith ? "shared" : "user",
    automaticRepliesSetting: { status: "disabled", externalAudience: "all", internalReplyMessage: "", externalReplyMessage: "" },
    language: { locale: "en-US", displayName: "English (United States)" },
    workingHours: workingHoursOf(p),
  };
}

function personJson(p: Person, rank: number): Json {
  const user = userJson(p);
  return {
    id: p.id,
    displayName: p.displayName,
    givenName: user["givenName"],
    surname: user["surname"],
    birthday: "",
    personNotes: "",
    isFavorite: false,
    jobTitle: user["jobTitle"],
    companyName: TENANTS[p.tenant].name,
    yomiCompany: "",
    department: p.department,
    officeLocation: user["officeLocation"],
    profession: "",
    userPrincipalName: p.mail,
    imAddress: p.sharedWith ? null : `sip:${p.mail}`,
    scoredEmailAddresses: [{ address: p.mail, relevanceScore: 20 - rank, selectionLikelihood: "notSpecified" }],
    phones: [],
    personType: { class: "Person", subclass: p.sharedWith ? "ImplicitContact" : "OrganizationUser" },
  };
}

/** People search is fuzzy: every word of the query starts a word of the name or the address. */
function fuzzyMatch(p: Person, query: string): boolean {
  const words = `${p.displayName} ${p.mail.replace(/[@.]/g, " ")}`.toLowerCase().split(/\s+/);
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((q) => words.some((w) => w.startsWith(q)));
}

function listUsers(request: GraphRequest, user: Person): MockReply {
  const filter = request.query.get("$filter");
  let people = colleaguesOf(user);
  if (filter) {
    const clauses = filter.split(/\s+or\s+/i).map((c) => /^(startswith\((displayName|mail|userPrincipalName|givenName|surname),('(?:[^']|'')*')\)|(mail|userPrincipalName) eq ('(?:[^']|'')*'))$/i.exec(c.trim()));
    if (clauses.some((c) => c === null)) return badRequest("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'.");
    people = people.filter((p) =>
      clauses.some((c) => {
        const json = userJson(p);
        const text = (key: string): string => {
          const value = json[key];
          return typeof value === "string" ? value.toLowerCase() : "";
        };
        if (c?.[2] && c[3]) return text(c[2]).startsWith(odataStringValue(c[3]).toLowerCase());
        return c?.[4] && c[5] ? text(c[4]) === odataStringValue(c[5]).toLowerCase() : false;
      }),
    );
  }
  const top = Number(request.query.get("$top") ?? 100);
  return collection("users", people.slice(0, top).map((p) => pick(userJson(p), request.query.get("$select"))));
}

export function registerPeople(register: Register, chats: Chats): void {
  register("getMe", asUser((request, user) => entity("users", pick(userJson(user), request.query.get("$select")))));
  register("getMailboxSettings", asUser((request, user) => entity(`users('${user.id}')/mailboxSettings`, pick(mailboxSettings(user), request.query.get("$select")))));
  register(
    "listPeople",
    asUser((request, user) => {
      const query = (request.query.get("$search") ?? "").replace(/^"|"$/g, "");
      const found = colleaguesOf(user).filter((p) => p.id !== user.id && (query === "" || fuzzyMatch(p, query)));
      const top = Number(request.query.get("$top") ?? 10);
      return collection(`users('${user.id}')/people`, found.slice(0, top).map((p, i) => pick(personJson(p, i), request.query.get("$select"))));
    }),
  );
  register("listUsers", asUser(listUsers));
  register(
    "checkMyMemberGroups",
    asUser((request, user) => {
      const asked = ((request.body as { groupIds?: string[] } | undefined)?.groupIds ?? []).map((g) => g.toLowerCase());
      const member = [guid(`group:all:${user.tenant}`), ...chats.teams.filter((t) => t.members.includes(user)).map((t) => t.id)];
      return { body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)", value: member.filter((g) => asked.includes(g)) } };
    }),
  );
}
