// The Graph resources the tools read, as the plain JSON Graph sends, typed from its OpenAPI description.
import type { components } from "../../generated/graph-types.js";

type Schema = components["schemas"];

export type Attendee = Schema["microsoft.graph.attendee"];
export type BaseItem = Schema["microsoft.graph.baseItem"];
export type CanvasLayout = Schema["microsoft.graph.canvasLayout"];
export type Chat = Schema["microsoft.graph.chat"];
export type ChatMessage = Schema["microsoft.graph.chatMessage"];
export type ChatMessageCollectionResponse = Schema["microsoft.graph.chatMessageCollectionResponse"];
export type DateTimeTimeZone = Schema["microsoft.graph.dateTimeTimeZone"];
export type Drive = Schema["microsoft.graph.drive"];
export type DriveItem = Schema["microsoft.graph.driveItem"];
export type DriveItemCollectionResponse = Schema["microsoft.graph.driveItemCollectionResponse"];
export type EmailAddress = Schema["microsoft.graph.emailAddress"];
export type Event = Schema["microsoft.graph.event"];
export type IdentitySet = Schema["microsoft.graph.identitySet"];
export type ItemBody = Schema["microsoft.graph.itemBody"];
export type ListItem = Schema["microsoft.graph.listItem"];
export type Message = Schema["microsoft.graph.message"];
export type MessageCollectionResponse = Schema["microsoft.graph.messageCollectionResponse"];
export type Recipient = Schema["microsoft.graph.recipient"];
export type Site = Schema["microsoft.graph.site"];
export type SitePage = Schema["microsoft.graph.sitePage"];
export type TextWebPart = Schema["microsoft.graph.textWebPart"];
/** A web part as a page section holds it: text or standard, told apart by its @odata.type. */
export type WebPart = NonNullable<Schema["microsoft.graph.horizontalSectionColumn"]["webparts"]>[number];

/** A Graph date-time (ISO 8601 text) as a Date; undefined when it is missing or names no real instant. */
export function graphTime(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}
