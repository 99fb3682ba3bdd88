// Seeded calendars: single and recurring meetings in several time zones, online meetings, all-day out-of-office and
// focus time. Days count from Monday of the week that holds the seed's `now`; times are wall-clock in `zone`.
import { ADELE, ALEX, DIEGO, JOHANNA, LEE, LIDIA, MEGAN, MIRIAM, NESTOR, PATTI, type Person } from "./directory.js";
import type { Address } from "./mail.js";

export type Response = "accepted" | "tentativelyAccepted" | "declined" | "none";

export interface SeedAttendee {
  who: Person | Address;
  response: Response;
  type?: "required" | "optional";
}

export interface SeedEvent {
  key: string;
  subject: string;
  organizer: Person;
  attendees: SeedAttendee[];
  /** Windows zone the organizer created the event in. */
  zone: string;
  /** Days after Monday of this week (negative: earlier weeks). */
  day: number;
  start: string;
  minutes: number;
  location?: string;
  online?: boolean;
  allDayCount?: number;
  showAs?: "busy" | "tentative" | "oof" | "free";
  /** Repeats on these weekdays (1 = Monday) for `weeks` weeks either side of this week. */
  repeat?: { weekdays: number[]; weeksBefore: number; weeksAfter: number };
  paragraphs: string[];
}

const SARA: Address = { name: "Sara Davis", address: "sara.davis@northwindtraders.com" };
const TAILSPIN: Address = { name: "Tailspin Toys Orders", address: "orders@tailspintoys.com" };

export const SEED_EVENTS: readonly SeedEvent[] = [
  { key: "marketing-sync", subject: "Weekly marketing sync", organizer: ADELE, zone: "Pacific Standard Time", day: 0, start: "09:00", minutes: 30, online: true,
    attendees: [{ who: ALEX, response: "accepted" }, { who: NESTOR, response: "tentativelyAccepted" }, { who: LIDIA, response: "accepted", type: "optional" }],
    repeat: { weekdays: [1], weeksBefore: 4, weeksAfter: 8 },
    paragraphs: ["Standing agenda: campaign metrics, launch status, blockers.", "Alex brings the weekly engagement numbers."] },
  { key: "adele-alex-1on1", subject: "1:1 Adele / Alex", organizer: ADELE, zone: "Pacific Standard Time", day: 1, start: "08:30", minutes: 30, online: true,
    attendees: [{ who: ALEX, response: "accepted" }],
    repeat: { weekdays: [2], weeksBefore: 4, weeksAfter: 8 },
    paragraphs: ["Career goals, current projects and anything else on your mind."] },
  { key: "northwind-standup", subject: "Northwind daily stand-up", organizer: LIDIA, zone: "India Standard Time", day: 0, start: "15:30", minutes: 15, online: true,
    attendees: [{ who: ALEX, response: "accepted" }, { who: ADELE, response: "declined", type: "optional" }],
    repeat: { weekdays: [1, 2, 3, 4, 5], weeksBefore: 1, weeksAfter: 3 },
    paragraphs: ["Yesterday, today, blockers. Keep it to fifteen minutes."] },
  { key: "budget-review", subject: "FY27 budget review", organizer: PATTI, zone: "Pacific Standard Time", day: 3, start: "10:00", minutes: 60, location: "Conference Room Rainier", online: true,
    attendees: [{ who: ADELE, response: "accepted" }, { who: NESTOR, response: "accepted" }, { who: ALEX, response: "none", type: "optional" }],
    paragraphs: ["Final review of the FY27 marketing and operations budget.", "Pre-read: the FY27 Marketing Budget workbook on the Marketing site."] },
  { key: "go-no-go", subject: "Northwind launch go/no-go", organizer: NESTOR, zone: "Eastern Standard Time", day: 9, start: "11:00", minutes: 45, online: true,
    attendees: [{ who: ADELE, response: "accepted" }, { who: ALEX, response: "tentativelyAccepted" }, { who: LIDIA, response: "accepted" }],
    paragraphs: ["Decide whether the Northwind launch goes ahead on the planned date.", "Bring your readiness checklist items."] },
  { key: "lunch-learn", subject: "Lunch & learn: social analytics", organizer: ALEX, zone: "GMT Standard Time", day: 4, start: "12:00", minutes: 60, location: "London 2/Auditorium", online: true,
    attendees: [{ who: ADELE, response: "tentativelyAccepted" }, { who: LIDIA, response: "declined" }, { who: NESTOR, response: "none" }],
    paragraphs: ["What the spring campaign data tells us about our audience segments. Sandwiches provided in London."] },
  { key: "welcome-session", subject: "Onboarding: welcome session", organizer: DIEGO, zone: "Pacific Standard Time", day: 7, start: "09:00", minutes: 90, location: "Seattle 18/Training Room",
    attendees: [{ who: ADELE, response: "accepted" }, { who: ALEX, response: "none", type: "optional" }],
    paragraphs: ["Welcome session for new hires: the onboarding checklist, IT setup, benefits and meeting your onboarding buddy."] },
  { key: "co-marketing-call", subject: "Co-marketing call with Northwind Traders", organizer: ADELE, zone: "Pacific Standard Time", day: 1, start: "11:00", minutes: 45, online: true,
    attendees: [{ who: SARA, response: "accepted" }, { who: ALEX, response: "accepted" }],
    paragraphs: ["Walk through the joint webinar plan and the shared landing page."] },
  { key: "alex-oof", subject: "Alex out of office", organizer: ALEX, zone: "GMT Standard Time", day: 10, start: "00:00", minutes: 0, allDayCount: 2, showAs: "oof", attendees: [],
    paragraphs: ["Holiday. Adele covers urgent launch questions."] },
  { key: "qbr", subject: "Quarterly business review", organizer: PATTI, zone: "Eastern Standard Time", day: -5, start: "13:00", minutes: 120, location: "New York 36/Boardroom", online: true,
    attendees: [{ who: ADELE, response: "accepted" }, { who: NESTOR, response: "accepted" }],
    paragraphs: ["Results of the last quarter and the outlook for the next one."] },
  { key: "adele-focus", subject: "Focus time: launch messaging", organizer: ADELE, zone: "Pacific Standard Time", day: 2, start: "13:00", minutes: 120, attendees: [],
    paragraphs: ["Write the launch messaging and the press release draft."] },

  // ---- Fabrikam ----
  { key: "operations-weekly", subject: "Operations weekly", organizer: MEGAN, zone: "W. Europe Standard Time", day: 0, start: "17:00", minutes: 45, online: true,
    attendees: [{ who: JOHANNA, response: "accepted" }, { who: LEE, response: "accepted" }, { who: MIRIAM, response: "tentativelyAccepted" }],
    repeat: { weekdays: [1], weeksBefore: 4, weeksAfter: 8 },
    paragraphs: ["Shipments, warehouse capacity, supplier issues, safety."] },
  { key: "safety-kickoff", subject: "Safety week kickoff", organizer: MEGAN, zone: "W. Europe Standard Time", day: 2, start: "09:00", minutes: 60, location: "Warehouse DC-1 canteen",
    attendees: [{ who: LEE, response: "accepted" }, { who: JOHANNA, response: "accepted" }],
    paragraphs: ["Kickoff of safety week: forklift refresher, fire drill schedule and the audit findings."] },
  { key: "tailspin-renewal", subject: "Tailspin Toys contract renewal", organizer: MIRIAM, zone: "W. Europe Standard Time", day: 3, start: "14:00", minutes: 60, online: true,
    attendees: [{ who: MEGAN, response: "accepted" }, { who: TAILSPIN, response: "none" }],
    paragraphs: ["Negotiate the renewal terms: 24 months, volume discount, delivery DDP Hamburg."] },
  { key: "hamburg-checkin", subject: "Hamburg port logistics check-in", organizer: JOHANNA, zone: "W. Europe Standard Time", day: 1, start: "11:00", minutes: 30, online: true,
    attendees: [{ who: MEGAN, response: "accepted" }],
    paragraphs: ["Status of the containers held at customs and the express carrier plan."] },
];
