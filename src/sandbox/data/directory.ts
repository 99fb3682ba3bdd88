// The sandbox's two tenants and the people in their directories. Three of them can sign in (SANDBOX_USERS);
// the others are colleagues who send mail, attend meetings and chat.
export type TenantKey = "contoso" | "fabrikam";

export interface Tenant {
  key: TenantKey;
  id: string;
  name: string;
  domain: string;
  /** The SharePoint host, e.g. contoso.sharepoint.com. */
  host: string;
  /** The OneDrive host, e.g. contoso-my.sharepoint.com. */
  myHost: string;
}

export interface Person {
  id: string;
  tenant: TenantKey;
  displayName: string;
  mail: string;
  jobTitle: string;
  department: string;
  officeLocation: string;
  /** The mailbox time zone, as a Windows name (what Graph reports). */
  timeZone: string;
  workStart: string;
  workEnd: string;
  /** A shared mailbox has no person behind it; only its delegates may read it. */
  sharedWith?: readonly string[];
}

export const TENANTS: Record<TenantKey, Tenant> = {
  contoso: { key: "contoso", id: "6a5c1f3e-2b7d-4c8e-9f01-c0471050c0de", name: "Contoso", domain: "contoso.com", host: "contoso.sharepoint.com", myHost: "contoso-my.sharepoint.com" },
  fabrikam: { key: "fabrikam", id: "9d2e4b6a-8c1f-4e3d-a5b7-fab41ca70001", name: "Fabrikam", domain: "fabrikam.com", host: "fabrikam.sharepoint.com", myHost: "fabrikam-my.sharepoint.com" },
};

const person = (id: string, tenant: TenantKey, displayName: string, mail: string, jobTitle: string, department: string, officeLocation: string, timeZone: string, hours: [string, string]): Person => ({
  id, tenant, displayName, mail, jobTitle, department, officeLocation, timeZone, workStart: hours[0], workEnd: hours[1],
});

export const ADELE = person("3b6f2a1c-0a1d-4e5f-8b9c-ade1e0000001", "contoso", "Adele Vance", "adele.vance@contoso.com", "Product Marketing Manager", "Marketing", "Seattle 18/2109", "Pacific Standard Time", ["08:00", "17:00"]);
export const ALEX = person("5c8d3e2f-1b4a-4d6c-9e7f-a1e40000002a", "contoso", "Alex Wilber", "alex.wilber@contoso.com", "Marketing Analyst", "Marketing", "London 2/1104", "GMT Standard Time", ["09:00", "17:30"]);
export const MEGAN = person("7e9f4a3b-2c5d-4f7e-8a0b-3e6a0000003b", "fabrikam", "Megan Bowen", "megan.bowen@fabrikam.com", "Operations Lead", "Operations", "Berlin 4/310", "W. Europe Standard Time", ["08:30", "17:00"]);

export const NESTOR = person("8a1b2c3d-4e5f-4a6b-9c7d-0e1f00000004", "contoso", "Nestor Wilke", "nestor.wilke@contoso.com", "Director of Operations", "Operations", "New York 36/1121", "Eastern Standard Time", ["08:00", "16:30"]);
export const LIDIA = person("9b2c3d4e-5f6a-4b7c-8d9e-1f2000000005", "contoso", "Lidia Holloway", "lidia.holloway@contoso.com", "Product Manager", "Engineering", "Bengaluru 12/204", "India Standard Time", ["10:00", "19:00"]);
export const DIEGO = person("ac3d4e5f-6a7b-4c8d-9e0f-203100000006", "contoso", "Diego Siciliani", "diego.siciliani@contoso.com", "HR Manager", "Human Resources", "Seattle 18/1204", "Pacific Standard Time", ["08:30", "17:00"]);
export const PATTI = person("bd4e5f6a-7b8c-4d9e-8f0a-314200000007", "contoso", "Patti Fernandez", "patti.fernandez@contoso.com", "Chief Financial Officer", "Finance", "Seattle 18/3001", "Pacific Standard Time", ["07:30", "16:30"]);
export const FINANCE = { ...person("ce5f6a7b-8c9d-4e0f-9a1b-425300000008", "contoso", "Contoso Finance", "finance@contoso.com", "", "Finance", "", "Pacific Standard Time", ["08:00", "17:00"]), sharedWith: [ADELE.id] };

export const JOHANNA = person("df6a7b8c-9d0e-4f1a-8b2c-536400000009", "fabrikam", "Johanna Lorenz", "johanna.lorenz@fabrikam.com", "Logistics Coordinator", "Operations", "Hamburg 1/112", "W. Europe Standard Time", ["08:00", "16:30"]);
export const LEE = person("e07b8c9d-0e1f-4a2b-9c3d-64750000000a", "fabrikam", "Lee Gu", "lee.gu@fabrikam.com", "Warehouse Manager", "Operations", "Portland DC-2", "Pacific Standard Time", ["07:00", "15:30"]);
export const MIRIAM = person("f18c9d0e-1f2a-4b3c-8d4e-75860000000b", "fabrikam", "Miriam Graham", "miriam.graham@fabrikam.com", "Procurement Manager", "Procurement", "Berlin 4/220", "W. Europe Standard Time", ["09:00", "17:30"]);

export const PEOPLE: readonly Person[] = [ADELE, ALEX, MEGAN, NESTOR, LIDIA, DIEGO, PATTI, FINANCE, JOHANNA, LEE, MIRIAM];

export const WORK_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"] as const;

export function personByAddress(address: string): Person | undefined {
  const wanted = address.trim().toLowerCase();
  return PEOPLE.find((p) => p.mail === wanted || p.id === wanted);
}

export const colleaguesOf = (user: Person): Person[] => PEOPLE.filter((p) => p.tenant === user.tenant);

/** An email address object as Graph writes it. */
export const emailOf = (p: Person): { name: string; address: string } => ({ name: p.displayName, address: p.mail });

/** The people who can sign in to the sandbox, in banner order. */
export const SIGN_IN_PEOPLE: readonly Person[] = [ADELE, ALEX, MEGAN];
