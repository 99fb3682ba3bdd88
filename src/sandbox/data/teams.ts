// Seeded Teams: one-on-one and group chats, and a team per tenant with channels, threads and replies.
// Times are minutes before the seed's `now`.
import { ADELE, ALEX, JOHANNA, LEE, LIDIA, MEGAN, MIRIAM, NESTOR, type Person } from "./directory.js";

export interface SeedChatMessage {
  from: Person;
  minutesAgo: number;
  html: string;
  /** File names of reference attachments (files shared in the message). */
  files?: string[];
}

export interface SeedChat {
  key: string;
  kind: "oneOnOne" | "group";
  topic?: string;
  members: Person[];
  messages: SeedChatMessage[];
}

export interface SeedThread {
  subject?: string;
  root: SeedChatMessage;
  replies: SeedChatMessage[];
}

export interface SeedChannel {
  key: string;
  name: string;
  description: string;
  threads: SeedThread[];
}

export interface SeedTeam {
  key: string;
  name: string;
  members: Person[];
  channels: SeedChannel[];
}

const DAY = 24 * 60;

export const SEED_CHATS: readonly SeedChat[] = [
  { key: "adele-alex", kind: "oneOnOne", members: [ADELE, ALEX], messages: [
    { from: ADELE, minutesAgo: 2 * DAY + 30, html: "<p>Alex, can you own the analytics section of the launch plan?</p>" },
    { from: ALEX, minutesAgo: 2 * DAY + 20, html: "<p>Yes! I will add the engagement targets from the spring campaign.</p>" },
    { from: ADELE, minutesAgo: 1 * DAY + 300, html: "<p>Great. The release date is the 25th, so we need the numbers by Friday.</p>" },
    { from: ALEX, minutesAgo: 1 * DAY + 240, html: "<p>Done, I updated the launch plan. Shared it here.</p>", files: ["Northwind Launch Plan.docx"] },
  ] },
  { key: "launch-crew", kind: "group", topic: "Northwind launch crew", members: [ADELE, ALEX, NESTOR, LIDIA], messages: [
    { from: NESTOR, minutesAgo: 3 * DAY, html: "<p>Reminder: go/no-go is next Wednesday. Please have your readiness checklist items done.</p>" },
    { from: LIDIA, minutesAgo: 3 * DAY - 45, html: "<p>Engineering is on track. The release date holds unless the beta finds a blocker.</p>" },
    { from: ADELE, minutesAgo: 2 * DAY + 600, html: "<p>Marketing too: press release draft is ready for review in the Marketing site.</p>" },
    { from: ALEX, minutesAgo: 600, html: "<p>The press preview list is final: 42 journalists and analysts confirmed.</p>" },
  ] },
  { key: "alex-lidia", kind: "oneOnOne", members: [ALEX, LIDIA], messages: [
    { from: LIDIA, minutesAgo: 5 * DAY, html: "<p>Can you send me the beta feedback numbers by country?</p>" },
    { from: ALEX, minutesAgo: 5 * DAY - 30, html: "<p>Sure, in the beta feedback summary: 41 testers in 6 countries.</p>" },
  ] },
  { key: "megan-johanna", kind: "oneOnOne", members: [MEGAN, JOHANNA], messages: [
    { from: JOHANNA, minutesAgo: 2 * DAY + 100, html: "<p>Customs is inspecting the Tailspin containers in Hamburg. Four days of delay expected.</p>" },
    { from: MEGAN, minutesAgo: 2 * DAY + 80, html: "<p>Thanks. Book the express carrier for when they clear, please.</p>" },
    { from: JOHANNA, minutesAgo: 400, html: "<p>Express carrier booked for Thursday. I will update the shipment tracking sheet.</p>" },
  ] },
  { key: "shift-leads", kind: "group", topic: "Warehouse shift leads", members: [MEGAN, LEE, JOHANNA, MIRIAM], messages: [
    { from: LEE, minutesAgo: 4 * DAY, html: "<p>Dock 3 is closed until the guard rail is repaired.</p>" },
    { from: MEGAN, minutesAgo: 4 * DAY - 60, html: "<p>Understood. Use dock 2 for outbound until then, and please keep the fire exits clear.</p>" },
    { from: MIRIAM, minutesAgo: 1 * DAY, html: "<p>New signage for the charging bay arrives before safety week.</p>" },
  ] },
];

export const SEED_TEAMS: readonly SeedTeam[] = [
  { key: "contoso-marketing", name: "Contoso Marketing", members: [ADELE, ALEX, NESTOR, LIDIA], channels: [
    { key: "general", name: "General", description: "Announcements for the marketing team", threads: [
      { subject: "Office move", root: { from: NESTOR, minutesAgo: 10 * DAY, html: "<p>We move to floor 18 on Friday. Movers arrive at 7am.</p>" }, replies: [
        { from: ADELE, minutesAgo: 10 * DAY - 60, html: "<p>Thanks Nestor, desks are packed.</p>" },
      ] },
    ] },
    { key: "northwind-launch", name: "Northwind Launch", description: "Everything about the Northwind launch", threads: [
      { subject: "Release date", root: { from: LIDIA, minutesAgo: 6 * DAY, html: "<p>Proposal: the public release date is the 25th, with the press preview on the 18th. Objections?</p>" }, replies: [
        { from: ADELE, minutesAgo: 6 * DAY - 30, html: "<p>Works for marketing if pricing is locked by the 11th.</p>" },
        { from: ALEX, minutesAgo: 6 * DAY - 45, html: "<p>The webinar with Northwind Traders can run in week two after the release date.</p>" },
        { from: NESTOR, minutesAgo: 6 * DAY - 90, html: "<p>Approved. I will confirm at the go/no-go meeting.</p>" },
      ] },
      { subject: "Landing page", root: { from: ALEX, minutesAgo: 2 * DAY, html: "<p>First draft of the landing page copy is in the press release draft. Feedback welcome.</p>", files: ["Press Release Draft.html"] }, replies: [] },
    ] },
  ] },
  { key: "fabrikam-operations", name: "Fabrikam Operations", members: [MEGAN, LEE, JOHANNA, MIRIAM], channels: [
    { key: "general", name: "General", description: "Operations announcements", threads: [
      { subject: "Safety week", root: { from: MEGAN, minutesAgo: 3 * DAY, html: "<p>Safety week starts Wednesday with the kickoff in the DC-1 canteen. Attendance is mandatory for shift leads.</p>" }, replies: [
        { from: LEE, minutesAgo: 3 * DAY - 20, html: "<p>Forklift refresher is booked for Thursday morning.</p>" },
        { from: JOHANNA, minutesAgo: 3 * DAY - 50, html: "<p>Late shift will join the fire drill at 18:00.</p>" },
      ] },
    ] },
    { key: "suppliers", name: "Suppliers", description: "Supplier performance and contracts", threads: [
      { subject: "Tailspin renewal", root: { from: MIRIAM, minutesAgo: 9 * DAY, html: "<p>Tailspin Toys accepted 24 months in principle; the volume discount is still open.</p>" }, replies: [
        { from: MEGAN, minutesAgo: 9 * DAY - 120, html: "<p>Let's push for 5% given the Hamburg delays.</p>" },
      ] },
    ] },
  ] },
];
