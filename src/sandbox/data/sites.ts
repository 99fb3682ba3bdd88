// Seeded SharePoint: sites with document libraries, Site Pages (a page and a news post each) and a list; and a
// OneDrive per signed-in user. Files live in documents.ts.
import { ADELE, ALEX, DIEGO, LEE, MEGAN, MIRIAM, TENANTS, type Person, type TenantKey } from "./directory.js";

export interface SeedSite {
  key: string;
  tenant: TenantKey;
  /** The URL name under /sites/. */
  name: string;
  displayName: string;
  description: string;
  createdDaysAgo: number;
}

export interface SeedDrive {
  key: string;
  /** A site's library, or the OneDrive of this person. */
  site?: string;
  owner?: Person;
  name: string;
  /** The URL segment of the library, e.g. Shared Documents. */
  urlName: string;
  description: string;
}

export interface SeedListItem {
  title: string;
  fields: Record<string, string>;
  author: Person;
  daysAgo: number;
}

export interface SeedList {
  key: string;
  site: string;
  displayName: string;
  urlName: string;
  items: SeedListItem[];
}

export interface SeedPage {
  key: string;
  site: string;
  /** The .aspx file name in Site Pages. */
  name: string;
  title: string;
  description: string;
  news: boolean;
  author: Person;
  daysAgo: number;
  /** HTML of the text web parts: sections top to bottom, columns left to right. */
  sections: string[][];
  /** A picture web part (not text) placed in the first section. */
  withImage?: boolean;
}

export const SEED_SITES: readonly SeedSite[] = [
  { key: "marketing", tenant: "contoso", name: "Marketing", displayName: "Marketing", description: "Campaigns, budgets and brand assets of Contoso Marketing.", createdDaysAgo: 400 },
  { key: "hr", tenant: "contoso", name: "HR", displayName: "Human Resources", description: "Policies, onboarding and benefits for Contoso employees.", createdDaysAgo: 700 },
  { key: "operations", tenant: "fabrikam", name: "Operations", displayName: "Fabrikam Operations", description: "Warehouse procedures, suppliers and logistics.", createdDaysAgo: 500 },
];

export const SEED_DRIVES: readonly SeedDrive[] = [
  { key: "marketing-docs", site: "marketing", name: "Documents", urlName: "Shared Documents", description: "Marketing team documents" },
  { key: "marketing-brand", site: "marketing", name: "Brand Assets", urlName: "Brand Assets", description: "Logos, templates and taglines" },
  { key: "hr-docs", site: "hr", name: "Documents", urlName: "Shared Documents", description: "HR policies and onboarding material" },
  { key: "hr-pages", site: "hr", name: "Site Pages", urlName: "SitePages", description: "" },
  { key: "operations-docs", site: "operations", name: "Documents", urlName: "Shared Documents", description: "Operations documents" },
  { key: "operations-pages", site: "operations", name: "Site Pages", urlName: "SitePages", description: "" },
  { key: "onedrive-adele", owner: ADELE, name: "OneDrive", urlName: "Documents", description: "" },
  { key: "onedrive-alex", owner: ALEX, name: "OneDrive", urlName: "Documents", description: "" },
  { key: "onedrive-megan", owner: MEGAN, name: "OneDrive", urlName: "Documents", description: "" },
];

export const SEED_LISTS: readonly SeedList[] = [
  { key: "onboarding-tasks", site: "hr", displayName: "Onboarding Tasks", urlName: "Lists/Onboarding Tasks", items: [
    { title: "Set up laptop and accounts", fields: { Owner: "Contoso IT", DueInDays: "1" }, author: DIEGO, daysAgo: 30 },
    { title: "Complete security awareness training", fields: { Owner: "New hire", DueInDays: "7" }, author: DIEGO, daysAgo: 30 },
    { title: "Meet your onboarding buddy", fields: { Owner: "Hiring manager", DueInDays: "2" }, author: DIEGO, daysAgo: 12 },
  ] },
  { key: "campaign-tracker", site: "marketing", displayName: "Campaign Tracker", urlName: "Lists/Campaign Tracker", items: [
    { title: "Northwind launch campaign", fields: { Status: "In progress", Owner: "Adele Vance" }, author: ADELE, daysAgo: 9 },
    { title: "Spring social campaign", fields: { Status: "Completed", Owner: "Alex Wilber" }, author: ALEX, daysAgo: 40 },
  ] },
  { key: "supplier-issues", site: "operations", displayName: "Supplier Issues", urlName: "Lists/Supplier Issues", items: [
    { title: "Tailspin Toys: containers held at Hamburg customs", fields: { Severity: "High", Status: "Open" }, author: MEGAN, daysAgo: 2 },
    { title: "Late pallets from Wide World Importers", fields: { Severity: "Medium", Status: "Resolved" }, author: LEE, daysAgo: 25 },
  ] },
];

export const SEED_PAGES: readonly SeedPage[] = [
  { key: "welcome", site: "hr", name: "Welcome-to-Contoso.aspx", title: "Welcome to Contoso", description: "Your first weeks at Contoso: onboarding, people and tools.", news: false, author: DIEGO, daysAgo: 60, withImage: true,
    sections: [
      ["<h2>Your first week</h2><p>Welcome aboard! Your onboarding starts with the <b>welcome session</b> on Monday morning, where you meet HR, IT and your onboarding buddy.</p>",
        "<h3>Before day one</h3><ul><li>Sign your contract in the HR portal</li><li>Choose your laptop</li></ul>"],
      ["<h2>Onboarding checklist</h2><p>Work through the onboarding checklist in the Onboarding Tasks list. Most new hires finish it within two weeks.</p>"],
    ] },
  { key: "parental-leave", site: "hr", name: "Parental-leave-update.aspx", title: "New parental leave policy", description: "Twenty weeks of paid parental leave for every parent.", news: true, author: DIEGO, daysAgo: 14,
    sections: [["<p>From the first of next month every Contoso parent gets <b>twenty weeks</b> of paid parental leave, to be taken within the child's first year.</p><h2>How to apply</h2><p>Tell your manager and submit the leave form on the HR site at least four weeks before your leave starts.</p>"]] },
  { key: "safety-week", site: "operations", name: "Safety-week-2026.aspx", title: "Safety week at Fabrikam", description: "Forklift refreshers, fire drills and new signage in every warehouse.", news: true, author: MEGAN, daysAgo: 3,
    sections: [["<p>Safety week starts on Wednesday with a kickoff in the DC-1 canteen.</p><h2>Programme</h2><ul><li>Forklift refresher training</li><li>Fire drill on every shift</li><li>New signage in the charging bay</li></ul>"]] },
  { key: "operations-home", site: "operations", name: "Operations-home.aspx", title: "Operations home", description: "Where to find procedures, supplier information and logistics reports.", news: false, author: MIRIAM, daysAgo: 90,
    sections: [["<h2>Procedures</h2><p>Warehouse safety procedures and the incident report template are in the Procedures folder.</p>", "<h2>Suppliers</h2><p>The supplier scorecard is updated every quarter by Procurement.</p>"]] },
];

/** The web URL of a site, e.g. https://contoso.sharepoint.com/sites/Marketing. */
export const siteUrl = (site: SeedSite): string => `https://${TENANTS[site.tenant].host}/sites/${site.name}`;

/** OneDrive personal path segment: adele.vance@contoso.com becomes adele_vance_contoso_com. */
export const personalPath = (person: Person): string => person.mail.replace(/[.@]/g, "_");

