// Seeded files, one or more of every readable format, with known text. Bytes are built from this content on first
// download (formats/), so the text the readers extract is exactly the text written here.
import { ADELE, ALEX, DIEGO, JOHANNA, LEE, MEGAN, MIRIAM, PATTI, type Person } from "./directory.js";
import type { DocBlock, Sheet, Slide } from "./formats/office.js";

export type FileContent =
  | { docx: DocBlock[] }
  | { xlsx: Sheet[] }
  | { pptx: Slide[] }
  | { pdf: string[][] }
  /** A text format (html, txt, md, csv, json, xml, eml) as it is stored. */
  | { text: string }
  /** Bytes of a format that has no text reader (an image). */
  | { base64: string };

export interface SeedFile {
  drive: string;
  /** Folders and file name inside the library, e.g. Campaigns/Northwind Launch Plan.docx. */
  path: string;
  author: Person;
  editor?: Person;
  createdDaysAgo: number;
  modifiedDaysAgo: number;
  content: FileContent;
}

/** Folders with nothing seeded in them still exist. */
export const EMPTY_FOLDERS: ReadonlyArray<{ drive: string; path: string }> = [
  { drive: "marketing-docs", path: "Contracts" },
  { drive: "onedrive-alex", path: "Archive" },
];

const EML = (lines: string[]): string => lines.join("\r\n");

// A 1x1 PNG: a real image, which read_resource answers from metadata only.
const LOGO_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

export const SEED_FILES: readonly SeedFile[] = [
  // ---- Contoso Marketing: Documents ----
  { drive: "marketing-docs", path: "Campaigns/Northwind Launch Plan.docx", author: ADELE, editor: ALEX, createdDaysAgo: 45, modifiedDaysAgo: 3, content: { docx: [
    { title: "Northwind Launch Plan" },
    { heading: "Overview" },
    { text: "Northwind is Contoso's analytics suite for retailers. This plan covers the launch campaign from press preview to general availability." },
    { heading: "Goals" },
    { bullet: "Reach 40,000 qualified visitors in the launch month" },
    { bullet: "Sign 25 partners, starting with Northwind Traders" },
    { bullet: "Co-marketing webinar with Northwind Traders", level: 1 },
    { heading: "Timeline" },
    { table: [["Milestone", "Owner", "Week"], ["Code freeze", "Lidia Holloway", "Week 2"], ["Press preview", "Adele Vance", "Week 3"], ["Public launch", "Alex Wilber", "Week 4"]] },
    { heading: "Budget" },
    { text: "The launch budget is $450K of the FY27 marketing budget: 60% digital advertising, 25% events, 15% content." },
  ] } },
  { drive: "marketing-docs", path: "Campaigns/Spring Campaign Results.pptx", author: ALEX, createdDaysAgo: 30, modifiedDaysAgo: 20, content: { pptx: [
    { title: "Spring Campaign Results", bullets: ["Contoso Marketing, prepared by Alex Wilber"], notes: "Thank the agency team for the creative work." },
    { title: "Reach", bullets: ["1.8 million impressions", "72% brand recognition in the survey", { text: "Up from 61% last spring", level: 1 }] },
    { title: "Lessons learned", bullets: ["Short videos beat banners three to one", "Start partner co-marketing earlier"], notes: "Audience segments are in Alex's OneDrive." },
  ] } },
  { drive: "marketing-docs", path: "Budget/FY27 Marketing Budget.xlsx", author: PATTI, editor: ADELE, createdDaysAgo: 25, modifiedDaysAgo: 4, content: { xlsx: [
    { name: "Summary", rows: [["Line", "FY26", "FY27", "Change"], ["Digital advertising", 380000, 480000, 100000], ["Events", 310000, 210000, -100000], ["Northwind launch", 0, 450000, 450000], ["Content", 120000, 60000, -60000], ["Total", 810000, 1200000, 390000]] },
    { name: "By quarter", rows: [["Quarter", "Planned spend", "Notes"], ["Q1", 250000, "Brand refresh"], ["Q2", 420000, "Northwind launch"], ["Q3", 280000, "Partner programme"], ["Q4", 250000, "Holiday campaign"]] },
  ] } },
  { drive: "marketing-docs", path: "Brand/Brand Guidelines.pdf", author: ADELE, createdDaysAgo: 200, modifiedDaysAgo: 60, content: { pdf: [
    ["Contoso Brand Guidelines", "Version 3, approved by Contoso Marketing.", "Our voice is clear, confident and warm."],
    ["Logo", "Keep clear space of one logo height around the logo.", "Never stretch, recolour or rotate the logo."],
    ["Colours", "Primary: Contoso Blue #0F6CBD. Accent: Sunrise Orange #F7630C.", "Use accent colours for calls to action only."],
  ] } },
  { drive: "marketing-docs", path: "Campaigns/Press Release Draft.html", author: ADELE, createdDaysAgo: 10, modifiedDaysAgo: 2, content: { text: [
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Press release draft</title></head><body>",
    "<h1>Contoso launches Northwind, analytics for every retailer</h1>",
    "<p><strong>SEATTLE</strong> - Contoso today announced Northwind, an analytics suite that helps retailers understand their shoppers.</p>",
    "<h2>Availability</h2><ul><li>Preview for press and partners</li><li>General availability at the end of the month</li></ul>",
    "<p>Contact: <a href=\"mailto:adele.vance@contoso.com\">Adele Vance</a></p>",
    "</body></html>",
  ].join("\n") } },
  { drive: "marketing-brand", path: "Taglines.txt", author: ALEX, createdDaysAgo: 50, modifiedDaysAgo: 35, content: { text: "Tagline ideas for the Northwind launch\n\n1. Know your shoppers.\n2. Retail, understood.\n3. Every aisle, every insight.\n" } },
  { drive: "marketing-brand", path: "Logos/contoso-logo.png", author: ADELE, createdDaysAgo: 300, modifiedDaysAgo: 300, content: { base64: LOGO_PNG } },

  // ---- Contoso HR: Documents ----
  { drive: "hr-docs", path: "Policies/Employee Handbook.pdf", author: DIEGO, createdDaysAgo: 365, modifiedDaysAgo: 40, content: { pdf: [
    ["Contoso Employee Handbook", "Welcome to Contoso. This handbook explains how we work together."],
    ["Working hours", "Core hours are 10:00 to 15:00 in your local time zone.", "Flexible working is agreed with your manager."],
    ["Time off", "Full-time employees receive 25 days of annual leave.", "Parental leave: twenty weeks of paid leave for every parent."],
  ] } },
  { drive: "hr-docs", path: "Policies/Travel and Expense Policy.docx", author: PATTI, editor: DIEGO, createdDaysAgo: 300, modifiedDaysAgo: 18, content: { docx: [
    { title: "Travel and Expense Policy" },
    { heading: "Booking travel" },
    { text: "Book flights and hotels through Contoso Travel. Economy class for flights under six hours." },
    { heading: "Claiming expenses" },
    { numbered: "Photograph every receipt" },
    { numbered: "Submit the claim within 30 days" },
    { numbered: "Your manager approves claims up to $2,000; Finance approves larger ones" },
  ] } },
  { drive: "hr-docs", path: "Onboarding/Onboarding Checklist.md", author: DIEGO, createdDaysAgo: 120, modifiedDaysAgo: 12, content: { text: [
    "# Onboarding checklist",
    "",
    "Welcome to Contoso! Work through this onboarding checklist in your first two weeks.",
    "",
    "## Week one",
    "",
    "- [ ] Attend the welcome session",
    "- [ ] Set up your laptop and accounts",
    "- [ ] Meet your onboarding buddy",
    "",
    "## Week two",
    "",
    "- [ ] Complete security awareness training",
    "- [ ] Read the employee handbook",
    "",
  ].join("\n") } },
  { drive: "hr-docs", path: "Onboarding/New Hire FAQ.html", author: DIEGO, createdDaysAgo: 120, modifiedDaysAgo: 30, content: { text: [
    "<html><head><title>New hire FAQ</title></head><body>",
    "<h1>New hire FAQ</h1>",
    "<h2>When do I get paid?</h2><p>Salaries are paid on the 25th of every month.</p>",
    "<h2>Who is my onboarding buddy?</h2><p>Your manager names an onboarding buddy before your first day.</p>",
    "<table><tr><th>Question</th><th>Contact</th></tr><tr><td>Benefits</td><td>Diego Siciliani</td></tr><tr><td>Laptop</td><td>Contoso IT Helpdesk</td></tr></table>",
    "</body></html>",
  ].join("\n") } },
  { drive: "hr-docs", path: "Benefits/Holiday Calendar.csv", author: DIEGO, createdDaysAgo: 90, modifiedDaysAgo: 90, content: { text: "Date,Holiday,Offices\n01-01,New Year's Day,All\n05-25,Memorial Day,Seattle;New York\n07-04,Independence Day,Seattle;New York\n08-31,Summer Bank Holiday,London\n12-25,Christmas Day,All\n" } },

  // ---- Adele's OneDrive ----
  { drive: "onedrive-adele", path: "Quarterly Goals.docx", author: ADELE, createdDaysAgo: 80, modifiedDaysAgo: 6, content: { docx: [
    { title: "Quarterly goals: Adele Vance" },
    { bullet: "Launch Northwind on time and within budget" },
    { bullet: "Grow the partner programme to 25 partners" },
    { bullet: "Hire and onboard two marketing specialists" },
  ] } },
  { drive: "onedrive-adele", path: "Notes/1-1 notes with Alex.txt", author: ADELE, createdDaysAgo: 60, modifiedDaysAgo: 1, content: { text: "1:1 notes with Alex\n\n- Alex wants to lead the analytics workstream of the launch.\n- Agreed: Alex presents the lunch & learn on social analytics.\n- Follow up: conference budget for the autumn.\n" } },
  { drive: "onedrive-adele", path: "Travel Expenses.csv", author: ADELE, createdDaysAgo: 17, modifiedDaysAgo: 16, content: { text: "Date,Item,Amount,Currency\n2026-03-02,Flight SEA-LHR,1180.00,USD\n2026-03-03,Riverside Hotel (3 nights),642.50,GBP\n2026-03-04,Team dinner,188.20,GBP\n" } },
  { drive: "onedrive-adele", path: "launch-config.json", author: ADELE, createdDaysAgo: 20, modifiedDaysAgo: 7, content: { text: JSON.stringify({ campaign: "Northwind launch", channels: ["search", "social", "webinar"], budgetUsd: 450000, owner: "adele.vance@contoso.com" }) } },
  { drive: "onedrive-adele", path: "Partner Feed.xml", author: ADELE, createdDaysAgo: 22, modifiedDaysAgo: 22, content: { text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<partners>\n  <partner id=\"NWT\" name=\"Northwind Traders\" tier=\"gold\"/>\n  <partner id=\"LIT\" name=\"Litware Inc\" tier=\"silver\"/>\n</partners>\n" } },
  { drive: "onedrive-adele", path: "Drafts/Blog post - Why Northwind.md", author: ADELE, createdDaysAgo: 5, modifiedDaysAgo: 2, content: { text: "# Why we built Northwind\n\nRetailers told us they drown in data but starve for insight. **Northwind** turns shopper data into decisions.\n\n- Shared dashboards\n- Offline mode\n" } },
  { drive: "onedrive-adele", path: "Email Archive/FW Budget approval.eml", author: ADELE, createdDaysAgo: 4, modifiedDaysAgo: 4, content: { text: EML([
    "From: Patti Fernandez <patti.fernandez@contoso.com>",
    "To: Adele Vance <adele.vance@contoso.com>",
    "Subject: FW: Budget approval",
    "Date: Tue, 03 Mar 2026 15:20:00 -0800",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Adele, the FY27 budget change is approved: digital advertising moves to $480K.",
    "",
    "Patti",
  ]) } },

  // ---- Alex's OneDrive ----
  { drive: "onedrive-alex", path: "Analytics/Social Metrics.xlsx", author: ALEX, createdDaysAgo: 40, modifiedDaysAgo: 5, content: { xlsx: [
    { name: "Engagement", rows: [["Week", "Impressions", "Clicks", "Engagement rate"], ["Week 1", 420000, 12600, 0.03], ["Week 2", 515000, 18025, 0.035], ["Week 3", 610000, 24400, 0.04]] },
  ] } },
  { drive: "onedrive-alex", path: "Analytics/Audience Segments.csv", author: ALEX, createdDaysAgo: 40, modifiedDaysAgo: 21, content: { text: "Segment,Share,Top channel\nStore managers,38%,LinkedIn\nRetail analysts,27%,Search\nCategory buyers,22%,Email\nOther,13%,Social\n" } },
  { drive: "onedrive-alex", path: "Presentations/Lunch and Learn - Social Analytics.pptx", author: ALEX, createdDaysAgo: 8, modifiedDaysAgo: 2, content: { pptx: [
    { title: "Social analytics for marketers", bullets: ["Lunch & learn, Alex Wilber"] },
    { title: "What the spring data says", bullets: ["Store managers are our largest audience segment", "Engagement rate rose every week"], notes: "Show the engagement chart from Social Metrics.xlsx." },
  ] } },

  // ---- Fabrikam Operations: Documents ----
  { drive: "operations-docs", path: "Procedures/Warehouse Safety Procedures.docx", author: LEE, editor: MEGAN, createdDaysAgo: 250, modifiedDaysAgo: 3, content: { docx: [
    { title: "Warehouse Safety Procedures" },
    { heading: "Forklifts" },
    { text: "Only certified drivers operate forklifts. Check brakes, horn and forks at the start of every shift." },
    { heading: "Fire exits" },
    { text: "Keep every fire exit and aisle clear at all times; report blocked exits to the shift lead immediately." },
    { heading: "Incident reporting" },
    { numbered: "Make the area safe" },
    { numbered: "Report the incident with the incident report template within 24 hours" },
  ] } },
  { drive: "operations-docs", path: "Suppliers/Supplier Scorecard.xlsx", author: MIRIAM, createdDaysAgo: 180, modifiedDaysAgo: 11, content: { xlsx: [
    { name: "Scorecard", rows: [["Supplier", "On-time delivery", "Quality", "Score"], ["Tailspin Toys", 0.91, 4.5, 88], ["Wide World Importers", 0.78, 4.1, 74], ["Proseware", 0.96, 4.7, 93]] },
  ] } },
  { drive: "operations-docs", path: "Suppliers/Tailspin Toys Contract.pdf", author: MIRIAM, createdDaysAgo: 700, modifiedDaysAgo: 10, content: { pdf: [
    ["Supply Agreement between Fabrikam and Tailspin Toys", "Term: 24 months from the effective date."],
    ["Pricing", "A volume discount of 4 percent applies above 10,000 units per quarter.", "Delivery terms: DDP Hamburg."],
  ] } },
  { drive: "operations-docs", path: "Logistics/Shipment Tracking.csv", author: JOHANNA, createdDaysAgo: 30, modifiedDaysAgo: 1, content: { text: "Container,Order,Status,ETA\nMSCU 481220-7,PO-88412,Held at customs,+4 days\nMSCU 481221-2,PO-88412,Held at customs,+4 days\nHLXU 220193-5,PO-88390,Delivered,\n" } },
  { drive: "operations-docs", path: "Logistics/carrier-rates.json", author: JOHANNA, createdDaysAgo: 60, modifiedDaysAgo: 9, content: { text: JSON.stringify({ currency: "EUR", carriers: [{ name: "Express Freight", perPallet: 145 }, { name: "Standard Road", perPallet: 62 }] }, null, 2) } },
  { drive: "operations-docs", path: "Logistics/EDI Sample Order.xml", author: JOHANNA, createdDaysAgo: 75, modifiedDaysAgo: 75, content: { text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<order number=\"PO-88412\">\n  <buyer>Fabrikam</buyer>\n  <supplier>Tailspin Toys</supplier>\n  <line sku=\"TT-TRAIN-01\" quantity=\"2400\"/>\n</order>\n" } },
  { drive: "operations-docs", path: "Training/Forklift Certification.pptx", author: LEE, createdDaysAgo: 100, modifiedDaysAgo: 15, content: { pptx: [
    { title: "Forklift certification", bullets: ["Fabrikam warehouse training"] },
    { title: "Daily checks", bullets: ["Brakes and horn", "Forks and chains", { text: "Report damage before driving", level: 1 }], notes: "Hand out the checklist cards." },
  ] } },
  { drive: "operations-docs", path: "Procedures/Incident Report Template.html", author: MEGAN, createdDaysAgo: 150, modifiedDaysAgo: 150, content: { text: "<html><body><h1>Incident report</h1><p>Fill in within 24 hours of any incident.</p><ul><li>Date and time</li><li>Location</li><li>What happened</li><li>Actions taken</li></ul></body></html>" } },
  { drive: "operations-docs", path: "Procedures/Dock Schedule.txt", author: LEE, createdDaysAgo: 20, modifiedDaysAgo: 4, content: { text: "Dock schedule\n\nDock 1: inbound, 06:00-14:00\nDock 2: outbound, 06:00-22:00\nDock 3: closed for guard rail repair\n" } },
  { drive: "operations-docs", path: "Correspondence/Tailspin Renewal.eml", author: MIRIAM, createdDaysAgo: 10, modifiedDaysAgo: 10, content: { text: EML([
    "From: Miriam Graham <miriam.graham@fabrikam.com>",
    "To: Tailspin Toys Orders <orders@tailspintoys.com>",
    "Cc: Megan Bowen <megan.bowen@fabrikam.com>",
    "Subject: Contract renewal proposal",
    "Date: Mon, 02 Mar 2026 13:30:00 +0100",
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "",
    "<p>Dear Tailspin team,</p><p>We propose renewing our supply agreement for <b>24 months</b> with a 4% volume discount.</p><p>Miriam Graham, Fabrikam Procurement</p>",
  ]) } },

  // ---- Megan's OneDrive ----
  { drive: "onedrive-megan", path: "Shift Roster.xlsx", author: MEGAN, createdDaysAgo: 14, modifiedDaysAgo: 2, content: { xlsx: [
    { name: "This week", rows: [["Shift", "Lead", "Forklifts"], ["Early", "Lee Gu", 4], ["Late", "Johanna Lorenz", 5], ["Night", "Megan Bowen", 2]] },
  ] } },
  { drive: "onedrive-megan", path: "Safety/Safety Week Agenda.docx", author: MEGAN, createdDaysAgo: 9, modifiedDaysAgo: 3, content: { docx: [
    { title: "Safety week agenda" },
    { bullet: "Wednesday: kickoff in the DC-1 canteen" },
    { bullet: "Thursday: forklift refresher training" },
    { bullet: "Friday: fire drill on every shift" },
  ] } },
  { drive: "onedrive-megan", path: "Reports/Hamburg Port Delays.pdf", author: MEGAN, createdDaysAgo: 2, modifiedDaysAgo: 1, content: { pdf: [
    ["Hamburg port delays: situation report", "Three containers for order PO-88412 are held for customs inspection.", "Expected release in four days; express carrier booked for onward delivery."],
  ] } },
  { drive: "onedrive-megan", path: "notes.md", author: MEGAN, createdDaysAgo: 30, modifiedDaysAgo: 1, content: { text: "# Notes\n\n- Ask Miriam to renegotiate carrier rates\n- Safety week: order first-aid kits\n" } },
];

