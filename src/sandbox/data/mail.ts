// Seeded mail: about fifty messages in three mailboxes and one shared mailbox, in conversation threads, with HTML
// bodies, file and item attachments, read state, importance and flags. Times are days before the seed's `now`.
import { ADELE, ALEX, DIEGO, FINANCE, JOHANNA, LEE, LIDIA, MEGAN, MIRIAM, NESTOR, PATTI, emailOf, type Person } from "./directory.js";

export interface Address {
  name: string;
  address: string;
}

export type SeedAttachment =
  | { kind: "file"; name: string; contentType: string; text: string }
  | { kind: "item"; name: string; item: "message" | "event" };

export interface SeedMail {
  key: string;
  mailbox: Person;
  folder: "inbox" | "sentitems";
  /** Messages of one thread share a conversation id, in every mailbox. */
  thread: string;
  subject: string;
  from: Address;
  to: Address[];
  cc?: Address[];
  /** Days before now, and the UTC time of day it arrived. */
  daysAgo: number;
  time: string;
  paragraphs: string[];
  isRead?: boolean;
  importance?: "low" | "normal" | "high";
  flagged?: boolean;
  attachments?: SeedAttachment[];
}

const SARA: Address = { name: "Sara Davis", address: "sara.davis@northwindtraders.com" };
const VIVA: Address = { name: "Microsoft Viva", address: "viva-noreply@microsoft.com" };
const IT: Address = { name: "Contoso IT Helpdesk", address: "it-helpdesk@contoso.com" };
const TRAVEL: Address = { name: "Contoso Travel", address: "travel@contoso.com" };
const TAILSPIN: Address = { name: "Tailspin Toys Orders", address: "orders@tailspintoys.com" };
const FAB_HR: Address = { name: "Fabrikam HR", address: "hr@fabrikam.com" };
const LITWARE: Address = { name: "Litware Billing", address: "billing@litwareinc.com" };
const FOURTH: Address = { name: "Fourth Coffee Accounts", address: "ap@fourthcoffee.com" };

const adele = emailOf(ADELE);
const alex = emailOf(ALEX);
const megan = emailOf(MEGAN);
const nestor = emailOf(NESTOR);
const lidia = emailOf(LIDIA);
const diego = emailOf(DIEGO);
const patti = emailOf(PATTI);
const finance = emailOf(FINANCE);
const johanna = emailOf(JOHANNA);
const lee = emailOf(LEE);
const miriam = emailOf(MIRIAM);

const BUDGET_CSV = "Line,FY26,FY27\nDigital advertising,380000,430000\nEvents,310000,260000\nNorthwind launch,0,450000\nContent,120000,60000\nTotal,810000,1200000\n";
const CHECKLIST = "Launch readiness checklist\n- Pricing approved by Finance\n- Support articles published\n- Partner portal updated for Northwind Traders\n- Press release signed off\n";
const SURVEY_CSV = "Question,Agree,Neutral,Disagree\nI recognise the Contoso brand,72,18,10\nThe spring campaign was relevant to me,64,25,11\nI would recommend Contoso,58,30,12\n";
const BETA_TXT = "Beta feedback summary\n41 testers, 6 countries.\nTop request: export dashboards to PowerPoint.\nTop complaint: slow sign-in on mobile.\n";
const SAFETY_CSV = "Area,Finding,Severity,Owner\nDock 3,Damaged guard rail,High,Lee Gu\nAisle 12,Blocked fire exit,High,Lee Gu\nCharging bay,Missing signage,Low,Johanna Lorenz\n";
const INVOICE_TXT = "INVOICE INV-20417\nLitware Inc.\nConsulting services, May: 42 hours at 180 USD\nTotal due: 7,560 USD\nPayment terms: 30 days\n";
const CONTRACT_TXT = "Tailspin Toys supply agreement, renewal draft\nTerm: 24 months\nVolume discount: 4 percent above 10,000 units\nDelivery: DDP Hamburg\n";

export const SEED_MAIL: readonly SeedMail[] = [
  // ---- Adele Vance (Contoso) ----
  { key: "adele-budget-1", mailbox: ADELE, folder: "inbox", thread: "fy27-budget", subject: "FY27 marketing budget review", from: patti, to: [adele], cc: [nestor], daysAgo: 6, time: "16:05", importance: "high", flagged: true,
    paragraphs: ["Hi Adele,", "Please review the FY27 marketing budget before Thursday's budget review. The total is $1.2M, with $450K set aside for the Northwind launch.", "The summary is attached; let me know which lines you would change.", "Thanks, Patti"],
    attachments: [{ kind: "file", name: "FY27 budget summary.csv", contentType: "text/csv", text: BUDGET_CSV }] },
  { key: "adele-budget-2", mailbox: ADELE, folder: "sentitems", thread: "fy27-budget", subject: "RE: FY27 marketing budget review", from: adele, to: [patti], cc: [nestor], daysAgo: 5, time: "17:40",
    paragraphs: ["Thanks Patti,", "The digital advertising line looks low for a launch year. I suggest moving $50K from events to digital; everything else in the budget works for us.", "Adele"] },
  { key: "adele-budget-3", mailbox: ADELE, folder: "inbox", thread: "fy27-budget", subject: "RE: FY27 marketing budget review", from: patti, to: [adele], cc: [nestor], daysAgo: 4, time: "15:20",
    paragraphs: ["Agreed: I approved the change, so digital is now $480K and events $210K.", "I also sent the invite for the budget sign-off; it is attached for reference."],
    attachments: [{ kind: "item", name: "Budget sign-off", item: "event" }] },
  { key: "adele-launch-1", mailbox: ADELE, folder: "inbox", thread: "northwind-timeline", subject: "Northwind launch timeline", from: alex, to: [adele, lidia], daysAgo: 9, time: "10:12",
    paragraphs: ["Hi both,", "Here is the proposed Northwind launch timeline:", "<ul><li>Code freeze: the 14th</li><li>Press preview: the 18th</li><li>Public launch: the 25th</li></ul>", "Does this work for engineering and marketing?", "Alex"] },
  { key: "adele-launch-2", mailbox: ADELE, folder: "sentitems", thread: "northwind-timeline", subject: "RE: Northwind launch timeline", from: adele, to: [alex, lidia], daysAgo: 8, time: "16:31",
    paragraphs: ["Works for marketing. The press preview needs the final pricing a week before, so let's lock pricing by the 11th."] },
  { key: "adele-launch-3", mailbox: ADELE, folder: "inbox", thread: "northwind-timeline", subject: "RE: Northwind launch timeline", from: lidia, to: [alex, adele], daysAgo: 8, time: "11:02",
    paragraphs: ["Engineering can hold the code freeze on the 14th. We will ship the beta build to the press preview group on the 16th."] },
  { key: "adele-readiness", mailbox: ADELE, folder: "inbox", thread: "readiness", subject: "Launch readiness checklist", from: nestor, to: [adele, alex], daysAgo: 3, time: "13:45", isRead: false,
    paragraphs: ["Team,", "Before the go/no-go meeting please tick off your items on the attached readiness checklist.", "Nestor"],
    attachments: [{ kind: "file", name: "readiness-checklist.txt", contentType: "text/plain", text: CHECKLIST }] },
  { key: "adele-onboarding-1", mailbox: ADELE, folder: "inbox", thread: "onboarding", subject: "Onboarding for two new hires next week", from: diego, to: [adele], daysAgo: 2, time: "17:10", isRead: false,
    paragraphs: ["Hi Adele,", "Two new marketing hires start on Monday. The onboarding checklist is on the HR site, and the welcome session is on your calendar.", "Could you pick an onboarding buddy for each of them?", "Diego"] },
  { key: "adele-onboarding-2", mailbox: ADELE, folder: "sentitems", thread: "onboarding", subject: "RE: Onboarding for two new hires next week", from: adele, to: [diego], daysAgo: 1, time: "09:25",
    paragraphs: ["Thanks Diego. Alex will be the onboarding buddy for both; I will walk them through the brand guidelines on Tuesday."] },
  { key: "adele-vendor-1", mailbox: ADELE, folder: "inbox", thread: "co-marketing", subject: "Northwind Traders: co-marketing proposal", from: SARA, to: [adele], daysAgo: 12, time: "14:00",
    paragraphs: ["Dear Adele,", "As discussed, Northwind Traders would like to co-market the launch with a joint webinar and a shared landing page. Our proposal is attached.", "Kind regards,", "Sara Davis, Partner Marketing, Northwind Traders"],
    attachments: [{ kind: "file", name: "Co-marketing proposal.txt", contentType: "text/plain", text: "Joint webinar in week two of the launch; shared landing page; each partner covers its own media spend.\n" }] },
  { key: "adele-vendor-2", mailbox: ADELE, folder: "sentitems", thread: "co-marketing", subject: "RE: Northwind Traders: co-marketing proposal", from: adele, to: [SARA], cc: [alex], daysAgo: 11, time: "18:15",
    paragraphs: ["Hi Sara,", "Thank you, this looks good. Let's go through the webinar plan on our call on Tuesday.", "Adele"] },
  { key: "adele-viva", mailbox: ADELE, folder: "inbox", thread: "viva-digest", subject: "Your weekly digest", from: VIVA, to: [adele], daysAgo: 7, time: "06:00", importance: "low",
    paragraphs: ["You spent 11 hours in meetings last week and had 4 hours of focus time.", "Tip: book focus time before Thursday's budget review."] },
  { key: "adele-survey", mailbox: ADELE, folder: "inbox", thread: "survey", subject: "Survey results from the spring campaign", from: alex, to: [adele], daysAgo: 15, time: "12:30",
    paragraphs: ["Adele, the spring campaign survey closed. 72% of respondents recognise the brand; the detailed results are attached."],
    attachments: [{ kind: "file", name: "survey-results.csv", contentType: "text/csv", text: SURVEY_CSV }] },
  { key: "adele-qbr", mailbox: ADELE, folder: "inbox", thread: "qbr", subject: "Quarterly business review slides", from: patti, to: [adele, nestor], daysAgo: 20, time: "19:00",
    paragraphs: ["Please send me two slides each on last quarter's results by Monday; I will merge them into the quarterly business review deck."] },
  { key: "adele-office-move", mailbox: ADELE, folder: "inbox", thread: "office-move", subject: "Office move on Friday", from: nestor, to: [adele, alex, lidia], daysAgo: 10, time: "15:00",
    paragraphs: ["The marketing team moves to floor 18 on Friday. Please pack your desk by Thursday evening; movers arrive at 7am."] },
  { key: "adele-password", mailbox: ADELE, folder: "inbox", thread: "password-adele", subject: "Your password expires in 7 days", from: IT, to: [adele], daysAgo: 1, time: "05:00", isRead: false,
    paragraphs: ["Your Contoso password expires in 7 days. Change it at https://aka.ms/sspr before it expires to avoid losing access."] },
  { key: "adele-features", mailbox: ADELE, folder: "inbox", thread: "feature-list", subject: "Feature list for the Northwind release", from: lidia, to: [adele], daysAgo: 13, time: "08:40",
    paragraphs: ["Hi Adele, the final feature list for the Northwind release:", "<ol><li>Shared dashboards</li><li>Offline mode for the mobile app</li><li>Partner portal single sign-on</li></ol>", "Export to PowerPoint moves to the next release."] },
  { key: "adele-offsite-1", mailbox: ADELE, folder: "sentitems", thread: "offsite", subject: "Team offsite ideas", from: adele, to: [alex, lidia, nestor], daysAgo: 16, time: "17:00",
    paragraphs: ["Hi team, I am planning our offsite for next month. Ideas so far: a sailing day on Lake Union or a cooking class. Reply with your vote!"] },
  { key: "adele-offsite-2", mailbox: ADELE, folder: "inbox", thread: "offsite", subject: "RE: Team offsite ideas", from: alex, to: [adele], daysAgo: 16, time: "18:20",
    paragraphs: ["Cooking class gets my vote; sailing depends too much on the weather."] },
  { key: "adele-benefits", mailbox: ADELE, folder: "inbox", thread: "benefits", subject: "Reminder: benefits enrollment closes Friday", from: diego, to: [adele], daysAgo: 4, time: "16:00", isRead: false, importance: "high",
    paragraphs: ["Benefits enrollment for next year closes on Friday. Review your choices on the HR site; the parental leave policy was updated this year."] },
  { key: "adele-travel", mailbox: ADELE, folder: "inbox", thread: "trip-london", subject: "Your trip to London is confirmed", from: TRAVEL, to: [adele], daysAgo: 18, time: "10:45",
    paragraphs: ["Your flight SEA–LHR and three nights at the Riverside Hotel are confirmed. Submit receipts within 30 days under the travel and expense policy."] },
  { key: "adele-lunch-learn", mailbox: ADELE, folder: "inbox", thread: "lunch-learn", subject: "Lunch & learn: social analytics", from: alex, to: [adele, lidia, nestor], daysAgo: 2, time: "11:00",
    paragraphs: ["Join me on Friday for a lunch & learn on social analytics: what the spring campaign data tells us about our audience segments."] },

  // ---- Alex Wilber (Contoso) ----
  { key: "alex-launch-1", mailbox: ALEX, folder: "sentitems", thread: "northwind-timeline", subject: "Northwind launch timeline", from: alex, to: [adele, lidia], daysAgo: 9, time: "10:12",
    paragraphs: ["Hi both,", "Here is the proposed Northwind launch timeline:", "<ul><li>Code freeze: the 14th</li><li>Press preview: the 18th</li><li>Public launch: the 25th</li></ul>", "Does this work for engineering and marketing?", "Alex"] },
  { key: "alex-launch-2", mailbox: ALEX, folder: "inbox", thread: "northwind-timeline", subject: "RE: Northwind launch timeline", from: lidia, to: [alex, adele], daysAgo: 8, time: "11:02",
    paragraphs: ["Engineering can hold the code freeze on the 14th. We will ship the beta build to the press preview group on the 16th."] },
  { key: "alex-launch-3", mailbox: ALEX, folder: "inbox", thread: "northwind-timeline", subject: "RE: Northwind launch timeline", from: adele, to: [alex, lidia], daysAgo: 8, time: "16:31",
    paragraphs: ["Works for marketing. The press preview needs the final pricing a week before, so let's lock pricing by the 11th."] },
  { key: "alex-survey", mailbox: ALEX, folder: "sentitems", thread: "survey", subject: "Survey results from the spring campaign", from: alex, to: [adele], daysAgo: 15, time: "12:30",
    paragraphs: ["Adele, the spring campaign survey closed. 72% of respondents recognise the brand; the detailed results are attached."],
    attachments: [{ kind: "file", name: "survey-results.csv", contentType: "text/csv", text: SURVEY_CSV }] },
  { key: "alex-offsite-1", mailbox: ALEX, folder: "inbox", thread: "offsite", subject: "Team offsite ideas", from: adele, to: [alex, lidia, nestor], daysAgo: 16, time: "17:00",
    paragraphs: ["Hi team, I am planning our offsite for next month. Ideas so far: a sailing day on Lake Union or a cooking class. Reply with your vote!"] },
  { key: "alex-offsite-2", mailbox: ALEX, folder: "sentitems", thread: "offsite", subject: "RE: Team offsite ideas", from: alex, to: [adele], daysAgo: 16, time: "18:20",
    paragraphs: ["Cooking class gets my vote; sailing depends too much on the weather."] },
  { key: "alex-dashboard", mailbox: ALEX, folder: "inbox", thread: "dashboard", subject: "Social media analytics dashboard access", from: nestor, to: [alex], daysAgo: 6, time: "14:10",
    paragraphs: ["Alex, you now have access to the social media analytics dashboard. Please share the weekly engagement numbers in the marketing sync."] },
  { key: "alex-expenses", mailbox: ALEX, folder: "inbox", thread: "expenses-alex", subject: "Expense report approved", from: patti, to: [alex], daysAgo: 3, time: "20:00",
    paragraphs: ["Your expense report for the London customer event (£1,240) was approved and will be paid with your next salary."] },
  { key: "alex-password", mailbox: ALEX, folder: "inbox", thread: "password-alex", subject: "Your password expires in 7 days", from: IT, to: [alex], daysAgo: 1, time: "05:00", isRead: false,
    paragraphs: ["Your Contoso password expires in 7 days. Change it at https://aka.ms/sspr before it expires to avoid losing access."] },
  { key: "alex-beta", mailbox: ALEX, folder: "inbox", thread: "beta", subject: "Beta feedback summary", from: lidia, to: [alex], cc: [adele], daysAgo: 5, time: "07:30", isRead: false,
    paragraphs: ["Hi Alex, attached is the beta feedback summary. Testers love the shared dashboards; sign-in on mobile is too slow."],
    attachments: [{ kind: "file", name: "beta-feedback.txt", contentType: "text/plain", text: BETA_TXT }] },
  { key: "alex-lunch-learn", mailbox: ALEX, folder: "sentitems", thread: "lunch-learn", subject: "Lunch & learn: social analytics", from: alex, to: [adele, lidia, nestor], daysAgo: 2, time: "11:00",
    paragraphs: ["Join me on Friday for a lunch & learn on social analytics: what the spring campaign data tells us about our audience segments."] },
  { key: "alex-photos", mailbox: ALEX, folder: "inbox", thread: "photos", subject: "Campaign photos for review", from: adele, to: [alex], daysAgo: 4, time: "18:45", flagged: true,
    paragraphs: ["Alex, can you review the campaign photos before Thursday? The photo shoot schedule is forwarded below as an attachment."],
    attachments: [{ kind: "item", name: "FW: Photo shoot schedule", item: "message" }] },

  // ---- Megan Bowen (Fabrikam) ----
  { key: "megan-port-1", mailbox: MEGAN, folder: "inbox", thread: "hamburg-port", subject: "Shipment delays at Hamburg port", from: johanna, to: [megan], daysAgo: 2, time: "08:15", isRead: false, importance: "high",
    paragraphs: ["Hi Megan,", "Three containers for the Tailspin Toys order are held at Hamburg port because of a customs inspection. Expected delay: four days.", "Johanna"] },
  { key: "megan-port-2", mailbox: MEGAN, folder: "sentitems", thread: "hamburg-port", subject: "RE: Shipment delays at Hamburg port", from: megan, to: [johanna], daysAgo: 1, time: "09:05",
    paragraphs: ["Thanks Johanna. Please tell Tailspin Toys today and move their order to the express carrier once it clears customs."] },
  { key: "megan-audit", mailbox: MEGAN, folder: "inbox", thread: "safety-audit", subject: "Warehouse safety audit results", from: lee, to: [megan], daysAgo: 5, time: "23:10", flagged: true,
    paragraphs: ["Megan, the safety audit found two high-severity issues (a damaged guard rail at dock 3 and a blocked fire exit in aisle 12). Details attached."],
    attachments: [{ kind: "file", name: "safety-audit.csv", contentType: "text/csv", text: SAFETY_CSV }] },
  { key: "megan-safety-1", mailbox: MEGAN, folder: "sentitems", thread: "safety-week", subject: "Safety week planning", from: megan, to: [lee, miriam], daysAgo: 8, time: "10:00",
    paragraphs: ["Hi Lee and Miriam, safety week starts soon. I would like a forklift refresher, a fire drill and new signage in the charging bay."] },
  { key: "megan-safety-2", mailbox: MEGAN, folder: "inbox", thread: "safety-week", subject: "RE: Safety week planning", from: miriam, to: [megan, lee], daysAgo: 7, time: "12:20",
    paragraphs: ["I ordered the new signage; it arrives before safety week. Procurement can also fund two extra first-aid kits."] },
  { key: "megan-contract", mailbox: MEGAN, folder: "inbox", thread: "tailspin-renewal", subject: "Supplier contract renewal: Tailspin Toys", from: miriam, to: [megan], daysAgo: 10, time: "13:30",
    paragraphs: ["Megan, the Tailspin Toys contract renews next month. The draft terms are attached: 24 months with a 4% volume discount."],
    attachments: [{ kind: "file", name: "Tailspin renewal draft.txt", contentType: "text/plain", text: CONTRACT_TXT }] },
  { key: "megan-order", mailbox: MEGAN, folder: "inbox", thread: "po-88412", subject: "Order confirmation PO-88412", from: TAILSPIN, to: [megan], daysAgo: 12, time: "07:55",
    paragraphs: ["Thank you for your order PO-88412: 2,400 units of model train sets, delivery DDP Hamburg."] },
  { key: "megan-forklift", mailbox: MEGAN, folder: "inbox", thread: "forklift", subject: "Forklift maintenance schedule", from: lee, to: [megan], daysAgo: 14, time: "16:40",
    paragraphs: ["Forklifts 2 and 5 are due for maintenance next week; we will run with four forklifts on the early shift."] },
  { key: "megan-budget-1", mailbox: MEGAN, folder: "inbox", thread: "logistics-budget", subject: "Q3 logistics budget", from: johanna, to: [megan], daysAgo: 6, time: "09:40",
    paragraphs: ["Hi Megan, the Q3 logistics budget is €310K. Express freight is already 20% over plan because of the Hamburg delays."] },
  { key: "megan-budget-2", mailbox: MEGAN, folder: "sentitems", thread: "logistics-budget", subject: "RE: Q3 logistics budget", from: megan, to: [johanna], daysAgo: 5, time: "08:50",
    paragraphs: ["Let's keep express freight for urgent orders only; I will ask Miriam to renegotiate the carrier rates."] },
  { key: "megan-intranet", mailbox: MEGAN, folder: "inbox", thread: "intranet", subject: "Welcome to the new intranet", from: FAB_HR, to: [megan], daysAgo: 20, time: "06:30", importance: "low",
    paragraphs: ["The new Fabrikam intranet is live. Find procedures, safety news and the supplier scorecard on the Operations site."] },

  // ---- Contoso Finance (shared mailbox; Adele is a delegate) ----
  { key: "finance-close", mailbox: FINANCE, folder: "inbox", thread: "month-end", subject: "Month-end close checklist", from: patti, to: [finance], daysAgo: 3, time: "15:30",
    paragraphs: ["Team, the month-end close starts on the 28th. Reconcile the Northwind launch accruals first."] },
  { key: "finance-invoice-1", mailbox: FINANCE, folder: "inbox", thread: "inv-20417", subject: "Invoice INV-20417 for consulting services", from: LITWARE, to: [finance], daysAgo: 5, time: "12:00",
    paragraphs: ["Please find attached invoice INV-20417 for consulting services in May, total 7,560 USD, due in 30 days."],
    attachments: [{ kind: "file", name: "INV-20417.txt", contentType: "text/plain", text: INVOICE_TXT }] },
  { key: "finance-invoice-2", mailbox: FINANCE, folder: "sentitems", thread: "inv-20417", subject: "RE: Invoice INV-20417 for consulting services", from: finance, to: [LITWARE], daysAgo: 4, time: "17:00",
    paragraphs: ["Thank you, the invoice is approved and scheduled for payment on the next payment run."] },
  { key: "finance-variance", mailbox: FINANCE, folder: "inbox", thread: "variance", subject: "Budget variance report for operations", from: nestor, to: [finance], daysAgo: 7, time: "21:00",
    paragraphs: ["Operations is 3% under budget for the quarter, mostly from lower facilities costs."] },
  { key: "finance-reminder", mailbox: FINANCE, folder: "inbox", thread: "fourth-coffee", subject: "Payment reminder", from: FOURTH, to: [finance], daysAgo: 9, time: "10:00", isRead: false,
    paragraphs: ["Our invoice FC-3318 for office coffee supplies (412 USD) is 15 days overdue. Please arrange payment."] },
  { key: "finance-transfer", mailbox: FINANCE, folder: "inbox", thread: "budget-transfer", subject: "Marketing budget transfer request", from: adele, to: [finance], daysAgo: 2, time: "19:30",
    paragraphs: ["Please move $50K of the FY27 marketing budget from events to digital advertising, as approved by Patti."] },
];
