// The seeded SharePoint sites, libraries, OneDrives, folders, files, lists and pages, indexed the way Graph
// addresses them (site id, drive id, item id, list id, web URL).
import { Clock, isoInstant } from "./clock.js";
import { bytesOf, mimeTypeOf, textOf } from "./content.js";
import { PEOPLE, TENANTS, type Person, type TenantKey } from "./directory.js";
import { EMPTY_FOLDERS, SEED_FILES, type SeedFile } from "./documents.js";
import { driveIdOf, guid, itemIdOf } from "./ids.js";
import { textOfHtml } from "./kql.js";
import type { Json } from "./mailboxes.js";
import { SEED_DRIVES, SEED_LISTS, SEED_PAGES, SEED_SITES, personalPath, siteUrl, type SeedDrive, type SeedList, type SeedPage, type SeedSite } from "./sites.js";

export interface SiteRecord {
  seed: SeedSite;
  id: string;
  tenant: TenantKey;
  webUrl: string;
  created: Date;
}

export interface DriveRecord {
  seed: SeedDrive;
  id: string;
  tenant: TenantKey;
  webUrl: string;
  /** The library's site, or the OneDrive's personal site. */
  siteId: string;
  siteUrl: string;
  site?: SiteRecord;
  owner?: Person;
  rootId: string;
  listId: string;
}

export interface ItemRecord {
  id: string;
  drive: DriveRecord;
  name: string;
  /** Folders above the item inside the drive, e.g. "/Campaigns" ("" at the top). */
  folder: string;
  parentId: string;
  isFolder: boolean;
  webUrl: string;
  created: Date;
  modified: Date;
  author: Person;
  editor: Person;
  uniqueId: string;
  listItemId: string;
  file?: SeedFile;
  page?: PageRecord;
  bytes?: Uint8Array;
  text: string;
}

export interface ListItemRecord {
  id: string;
  list: ListRecord;
  title: string;
  fields: Record<string, string>;
  author: Person;
  created: Date;
  modified: Date;
  webUrl: string;
  uniqueId: string;
  page?: PageRecord;
  text: string;
}

export interface ListRecord {
  id: string;
  site: SiteRecord;
  displayName: string;
  webUrl: string;
  items: ListItemRecord[];
}

export interface PageRecord {
  seed: SeedPage;
  site: SiteRecord;
  item: ItemRecord;
  listItem: ListItemRecord;
}

/** The "Site Page" content type id (pages and news posts). */
export const SITE_PAGE_CONTENT_TYPE = "0x0101009D1CB255DA76424F860D91F20E6C4118";
const ITEM_CONTENT_TYPE = "0x01003E1D1C5A0B3B4C4F8E6A9B5D7C3E2F10";

export const identity = (p: Person): Json => ({ user: { email: p.mail, id: p.id, displayName: p.displayName } });

export class Drives {
  readonly sites: SiteRecord[];
  readonly drives: DriveRecord[];
  readonly items: ItemRecord[] = [];
  readonly lists: ListRecord[] = [];
  readonly pages: PageRecord[] = [];

  constructor(private readonly clock: Clock) {
    this.sites = SEED_SITES.map((seed) => ({ seed, id: `${TENANTS[seed.tenant].host},${guid(`site:${seed.key}`)},${guid(`web:${seed.key}`)}`, tenant: seed.tenant, webUrl: siteUrl(seed), created: clock.daysAgo(seed.createdDaysAgo) }));
    this.drives = SEED_DRIVES.map((seed) => this.drive(seed));
    SEED_FILES.forEach((file, index) => {
      this.addFile(file, index);
    });
    for (const { drive, path } of EMPTY_FOLDERS) this.folder(this.driveByKey(drive), path.split("/"), clock.daysAgo(100), clock.daysAgo(100));
    for (const seed of SEED_LISTS) this.addList(seed);
    for (const seed of SEED_PAGES) this.addPage(seed);
  }

  private drive(seed: SeedDrive): DriveRecord {
    const site = seed.site === undefined ? undefined : this.sites.find((s) => s.seed.key === seed.site);
    const owner = seed.owner;
    const tenant = site?.tenant ?? owner?.tenant ?? "contoso";
    const personalUrl = owner ? `https://${TENANTS[tenant].myHost}/personal/${personalPath(owner)}` : "";
    return {
      seed,
      id: driveIdOf(`drive:${seed.key}`),
      tenant,
      webUrl: site ? `${site.webUrl}/${encodeURIComponent(seed.urlName)}` : `${personalUrl}/Documents`,
      siteId: site?.id ?? `${TENANTS[tenant].myHost},${guid(`site:${seed.key}`)},${guid(`web:${seed.key}`)}`,
      siteUrl: site?.webUrl ?? personalUrl,
      ...(site ? { site } : {}),
      ...(owner ? { owner } : {}),
      rootId: itemIdOf(`root:${seed.key}`),
      listId: guid(`list:${seed.key}`),
    };
  }

  driveByKey(key: string): DriveRecord {
    const drive = this.drives.find((d) => d.seed.key === key);
    if (!drive) throw new Error(`no seeded drive ${key}`);
    return drive;
  }

  private webUrlOf(drive: DriveRecord, segments: readonly string[]): string {
    return `${drive.webUrl}/${segments.map(encodeURIComponent).join("/")}`;
  }

  private add(record: Omit<ItemRecord, "listItemId">): ItemRecord {
    const item = { ...record, listItemId: String(this.items.filter((i) => i.drive === record.drive).length + 1) };
    this.items.push(item);
    return item;
  }

  /** The folder at `segments` (created with its parents when missing); its times widen to cover its contents. */
  private folder(drive: DriveRecord, segments: readonly string[], created: Date, modified: Date): string {
    let parentId = drive.rootId;
    for (let depth = 1; depth <= segments.length; depth++) {
      const path = segments.slice(0, depth);
      const name = path[path.length - 1] ?? "";
      const folder = `/${path.slice(0, -1).join("/")}`.replace(/^\/$/, "");
      const existing = this.items.find((i) => i.drive === drive && i.isFolder && i.folder === folder && i.name === name);
      if (existing) {
        if (created < existing.created) existing.created = created;
        if (modified > existing.modified) existing.modified = modified;
        parentId = existing.id;
        continue;
      }
      const author = this.firstAuthor(drive);
      parentId = this.add({
        id: itemIdOf(`folder:${drive.seed.key}:${path.join("/")}`),
        drive, name, folder, parentId, isFolder: true, webUrl: this.webUrlOf(drive, path), created, modified, author, editor: author,
        uniqueId: guid(`unique:${drive.seed.key}:${path.join("/")}`), text: name,
      }).id;
    }
    return parentId;
  }

  private firstAuthor(drive: DriveRecord): Person {
    const file = SEED_FILES.find((f) => f.drive === drive.seed.key);
    if (drive.owner) return drive.owner;
    if (file) return file.author;
    const page = SEED_PAGES.find((p) => this.sites.find((s) => s.seed.key === p.site) === drive.site);
    if (page) return page.author;
    throw new Error(`no author for ${drive.seed.key}`);
  }

  private addFile(file: SeedFile, index: number): void {
    const drive = this.driveByKey(file.drive);
    const segments = file.path.split("/");
    const name = segments[segments.length - 1] ?? file.path;
    const minutes = `${14 + (index % 4)}:${String((index * 7) % 60).padStart(2, "0")}`;
    const created = this.clock.daysAgo(file.createdDaysAgo, minutes);
    const modified = this.clock.daysAgo(file.modifiedDaysAgo, minutes);
    const parentId = segments.length > 1 ? this.folder(drive, segments.slice(0, -1), created, modified) : drive.rootId;
    this.add({
      id: itemIdOf(`file:${file.drive}:${file.path}`),
      drive, name, folder: segments.length > 1 ? `/${segments.slice(0, -1).join("/")}` : "", parentId, isFolder: false,
      webUrl: this.webUrlOf(drive, segments), created, modified, author: file.author, editor: file.editor ?? file.author,
      uniqueId: guid(`unique:${file.drive}:${file.path}`), file, bytes: bytesOf(file.content), text: textOf(file.content, name),
    });
  }

  private addList(seed: SeedList): void {
    const site = this.siteByKey(seed.site);
    const list: ListRecord = { id: guid(`list:${seed.key}`), site, displayName: seed.displayName, webUrl: `${site.webUrl}/${encodeURI(seed.urlName)}`, items: [] };
    seed.items.forEach((entry, i) => {
      const at = this.clock.daysAgo(entry.daysAgo, "11:30");
      list.items.push({
        id: String(i + 1), list, title: entry.title, fields: entry.fields, author: entry.author, created: at, modified: at,
        webUrl: `${list.webUrl}/DispForm.aspx?ID=${i + 1}`, uniqueId: guid(`unique:${seed.key}:${i}`),
        text: [entry.title, ...Object.values(entry.fields)].join("\n"),
      });
    });
    this.lists.push(list);
  }

  private addPage(seed: SeedPage): void {
    const site = this.siteByKey(seed.site);
    const drive = this.drives.find((d) => d.site === site && d.seed.urlName === "SitePages");
    if (!drive) throw new Error(`no Site Pages library for ${seed.site}`);
    let list = this.lists.find((l) => l.id === drive.listId);
    if (!list) {
      list = { id: drive.listId, site, displayName: "Site Pages", webUrl: drive.webUrl, items: [] };
      this.lists.push(list);
    }
    const at = this.clock.daysAgo(seed.daysAgo, "08:00");
    const text = [seed.title, seed.description, ...seed.sections.flat().map(textOfHtml)].join("\n");
    const uniqueId = guid(`page:${seed.key}`);
    const item = this.add({
      id: itemIdOf(`page:${seed.key}`), drive, name: seed.name, folder: "", parentId: drive.rootId, isFolder: false,
      webUrl: `${drive.webUrl}/${seed.name}`, created: at, modified: at, author: seed.author, editor: seed.author, uniqueId, text,
    });
    const listItem: ListItemRecord = {
      id: String(list.items.length + 1), list, title: seed.title, fields: { FileLeafRef: seed.name }, author: seed.author, created: at, modified: at,
      webUrl: item.webUrl, uniqueId, text,
    };
    list.items.push(listItem);
    const page: PageRecord = { seed, site, item, listItem };
    item.page = page;
    listItem.page = page;
    this.pages.push(page);
  }

  siteByKey(key: string): SiteRecord {
    const site = this.sites.find((s) => s.seed.key === key);
    if (!site) throw new Error(`no seeded site ${key}`);
    return site;
  }

  childrenOf(item: { id: string }, drive: DriveRecord): ItemRecord[] {
    return this.items.filter((i) => i.drive === drive && i.parentId === item.id);
  }

  // ---- Graph shapes ----

  siteJson(site: SiteRecord): Json {
    return {
      id: site.id,
      name: site.seed.name,
      displayName: site.seed.displayName,
      description: site.seed.description,
      webUrl: site.webUrl,
      createdDateTime: isoInstant(site.created),
      lastModifiedDateTime: isoInstant(this.clock.daysAgo(1)),
      siteCollection: { hostname: TENANTS[site.tenant].host },
    };
  }

  driveJson(drive: DriveRecord): Json {
    const owner = drive.owner ? identity(drive.owner) : { group: { id: guid(`group:${drive.site?.seed.key ?? ""}`), displayName: `${drive.site?.seed.displayName ?? ""} Owners` } };
    return {
      id: drive.id,
      name: drive.seed.name,
      description: drive.seed.description,
      driveType: drive.owner ? "business" : "documentLibrary",
      webUrl: drive.webUrl,
      createdDateTime: isoInstant(drive.site?.created ?? this.clock.daysAgo(365)),
      lastModifiedDateTime: isoInstant(this.clock.daysAgo(1)),
      owner,
      quota: { deleted: 0, remaining: 1099511627776 - 52428800, state: "normal", total: 1099511627776, used: 52428800 },
    };
  }

  sharepointIds(item: ItemRecord): Json {
    const [, siteId, webId] = item.drive.siteId.split(",");
    return { listId: item.drive.listId, listItemId: item.listItemId, listItemUniqueId: item.uniqueId, siteId, siteUrl: item.drive.siteUrl, webId };
  }

  itemJson(item: ItemRecord): Json {
    const { drive } = item;
    const parent: Json = { driveType: drive.owner ? "business" : "documentLibrary", driveId: drive.id, id: item.parentId, siteId: drive.siteId };
    parent["path"] = `/drives/${drive.id}/root:${item.folder}`;
    const json: Json = {
      "@odata.etag": `"{${item.uniqueId.toUpperCase()}},3"`,
      id: item.id,
      name: item.name,
      eTag: `"{${item.uniqueId.toUpperCase()}},3"`,
      cTag: `"c:{${item.uniqueId.toUpperCase()}},3"`,
      createdDateTime: isoInstant(item.created),
      lastModifiedDateTime: isoInstant(item.modified),
      size: item.isFolder ? this.folderSize(item) : (item.bytes?.length ?? 0),
      webUrl: item.webUrl,
      createdBy: identity(item.author),
      lastModifiedBy: identity(item.editor),
      parentReference: parent,
      fileSystemInfo: { createdDateTime: isoInstant(item.created), lastModifiedDateTime: isoInstant(item.modified) },
      sharepointIds: this.sharepointIds(item),
    };
    if (item.isFolder) json["folder"] = { childCount: this.childrenOf(item, drive).length };
    else json["file"] = { mimeType: mimeTypeOf(item.name), hashes: { quickXorHash: Buffer.from(item.uniqueId).toString("base64").slice(0, 28) } };
    return json;
  }

  private folderSize(folder: ItemRecord): number {
    return this.childrenOf(folder, folder.drive).reduce((sum, child) => sum + (child.isFolder ? this.folderSize(child) : (child.bytes?.length ?? 0)), 0);
  }

  /**
   * The item's fields as Graph's fieldValueSet gives them: the columns of its list, and the ones SharePoint adds to
   * every item (content type, version, links, child counts, compliance data, the author and editor's lookup ids).
   */
  private fieldsJson(entry: ListItemRecord): Json {
    const etag = `"${entry.uniqueId},4"`;
    return {
      "@odata.etag": etag,
      Title: entry.title,
      ...(entry.page ? { FileLeafRef: entry.page.seed.name } : {}),
      ...entry.fields,
      id: entry.id,
      ContentType: entry.page ? "Site Page" : "Item",
      Modified: isoInstant(entry.modified),
      Created: isoInstant(entry.created),
      // The site's user-information-list ids of the people, which only SharePoint's own APIs resolve.
      AuthorLookupId: String(10 + PEOPLE.indexOf(entry.author)),
      EditorLookupId: String(10 + PEOPLE.indexOf(entry.author)),
      _UIVersionString: "1.0",
      Attachments: false,
      Edit: "",
      LinkTitleNoMenu: entry.title,
      LinkTitle: entry.title,
      ItemChildCount: "0",
      FolderChildCount: "0",
      _ComplianceFlags: "",
      _ComplianceTag: "",
      _ComplianceTagWrittenTime: "",
      _ComplianceTagUserId: "",
    };
  }

  /** `fieldsSelect`: undefined for no fields, "" for all of them, else the names $expand=fields($select=…) asks for. */
  listItemJson(entry: ListItemRecord, fieldsSelect: string | undefined): Json {
    const { list } = entry;
    const contentType = entry.page ? { id: `${SITE_PAGE_CONTENT_TYPE}00A4C2B1D3E5F7A9B8C6D4E2F0A1B3C5D7`, name: "Site Page" } : { id: ITEM_CONTENT_TYPE, name: "Item" };
    const [, siteId, webId] = list.site.id.split(",");
    const json: Json = {
      "@odata.etag": `"${entry.uniqueId},4"`,
      id: entry.id,
      eTag: `"{${entry.uniqueId.toUpperCase()}},4"`,
      createdDateTime: isoInstant(entry.created),
      lastModifiedDateTime: isoInstant(entry.modified),
      webUrl: entry.webUrl,
      createdBy: identity(entry.author),
      lastModifiedBy: identity(entry.author),
      contentType,
      parentReference: { id: list.id, siteId: list.site.id },
      sharepointIds: { listId: list.id, listItemId: entry.id, listItemUniqueId: entry.uniqueId, siteId, siteUrl: list.site.webUrl, webId },
    };
    if (fieldsSelect !== undefined) {
      const fields = this.fieldsJson(entry);
      const wanted = new Set(fieldsSelect.split(",").map((name) => name.trim()));
      json["fields"] = fieldsSelect ? Object.fromEntries(Object.entries(fields).filter(([name]) => name === "@odata.etag" || wanted.has(name))) : fields;
    }
    return json;
  }
}
