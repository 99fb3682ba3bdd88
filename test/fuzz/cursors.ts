// Cursor arguments: the tool's own real cursors (the next page), other tools' cursors, validly signed hostile ones,
// and every way a cursor string gets corrupted in transit.
import fc from "fast-check";
import type { Corpus } from "./corpus.js";
import { edgeString, percentEncoded } from "./hostile.js";

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** JWT-shaped strings a server must not trust: unsigned, mis-headed, or with junk in each part. */
const JWT_SHAPED: readonly string[] = [
  `${b64({ alg: "none" })}.${b64({ operation: "listMessages", nextLink: "https://evil.example.com/v1.0/me/messages" })}.`,
  `${b64({ alg: "HS256" })}.${b64({ operation: "searchQuery", from: 0 })}.${"A".repeat(43)}`,
  `${b64({ alg: "RS256", kid: "../../etc/passwd" })}.${b64({})}.sig`,
  `${b64({ alg: "HS256", crit: ["b64"], b64: false })}.payload.sig`,
  `${b64("x")}.${b64([1, 2])}.${b64(null)}`,
  "a.b.c", "..", ".", "a.b", "a.b.c.d.e", "eyJ", "e30.e30.", "null", "{}", "[]",
];

/** One corruption of a cursor string. */
function corrupted(cursor: string): fc.Arbitrary<string> {
  const at = fc.nat({ max: Math.max(0, cursor.length - 1) });
  return fc.oneof(
    fc.tuple(at, fc.constantFrom("A", "-", "_", ".", "=", "+", "/", "\u0000", "\uD800", "é")).map(([i, c]) => `${cursor.slice(0, i)}${c}${cursor.slice(i + 1)}`),
    at.map((i) => cursor.slice(0, i)),
    fc.constantFrom(" ", "\n", "=", "==", ".x", "%3D").map((extra) => `${cursor}${extra}`),
    fc.constant(cursor.split(".").reverse().join(".")),
    fc.constant(cursor.replace(/-/g, "+").replace(/_/g, "/")),
    fc.constant(percentEncoded(cursor)),
    fc.constant(cursor.toLowerCase()),
    fc.constant(`${cursor}${cursor}`),
  );
}

/** Cursors for `tool`: its own real ones most often, so the next-page paths run too. */
export function cursorArbitrary(corpus: Corpus, tool: string): fc.Arbitrary<string> {
  const own = corpus.cursors[tool] ?? [];
  const everyone = Object.values(corpus.cursors).flat();
  const options: Array<fc.WeightedArbitrary<string>> = [
    { arbitrary: fc.constantFrom(...everyone), weight: 2 },
    { arbitrary: fc.constantFrom(...corpus.forged), weight: 3 },
    { arbitrary: fc.constantFrom(...everyone, ...corpus.forged).chain(corrupted), weight: 2 },
    { arbitrary: fc.constantFrom(...JWT_SHAPED), weight: 1 },
    { arbitrary: fc.oneof(fc.base64String({ minLength: 1, maxLength: 200 }), edgeString, fc.string({ minLength: 1 })), weight: 1 },
  ];
  if (own.length > 0) options.push({ arbitrary: fc.constantFrom(...own), weight: 3 });
  return fc.oneof(...options);
}
