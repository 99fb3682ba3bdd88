// Everything seeded, built once for a `now`: the stores every resolver answers from.
import { Calendars } from "./calendars.js";
import { Chats } from "./chats.js";
import { Clock } from "./clock.js";
import { Drives } from "./drives.js";
import { Mailboxes } from "./mailboxes.js";

export class World {
  readonly clock: Clock;
  readonly mail: Mailboxes;
  readonly calendars: Calendars;
  readonly drives: Drives;
  readonly chats: Chats;

  constructor(now: Date) {
    this.clock = new Clock(now);
    this.mail = new Mailboxes(this.clock);
    this.calendars = new Calendars(this.clock);
    this.drives = new Drives(this.clock);
    this.chats = new Chats(this.clock, (tenant, name) => this.drives.items.find((i) => i.drive.tenant === tenant && i.name === name)?.webUrl);
  }
}
