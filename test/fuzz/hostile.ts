// Hostile JSON values: the text, numbers, keys and shapes that break parsers, validators and string handling.
import fc from "fast-check";

/** Characters that string handling gets wrong: lone surrogates, bidi controls, zero-width, NUL and controls, combining marks. */
export const EDGE_CHARS: readonly string[] = [
  "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D", // lone surrogates
  "\u202E", "\u202D", "\u202C", "\u200F", "\u061C", "\u2067", // bidi overrides and marks
  "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u180E", // zero-width
  "\u0000", "\u0001", "\u0008", "\u001B", "\u001F", "\u007F", "\u0085", "\u2028", "\u2029", "\r\n", "\t",
  "\u0301", "\u0336", "\u20DD", "\u0489", // combining marks
  "\uFFFD", "\uFFFE", "\uFFFF", "\u{10FFFF}", "\u{E0001}", "\u{1F600}", "\u{1F469}\u200D\u{1F4BB}", "\u{1D400}",
  "\u00A0", "\u3000", "\uFF1C", "\u0130", "\u00DF", "\uFB00", "\u0BF5", "\u0663",
  "%", "%00", "%2F", "%2e%2e", "%zz", "\\", "\"", "'", "`", "/", "..", "<script>", "${x}", "{{x}}", "*", "?", "#", "&", "=", "(", ")", ":", "$filter=",
];

/** Whole strings that stress a parser by their shape. */
const SHAPED: readonly string[] = [
  "", " ", "\u0000", "null", "undefined", "true", "[]", "{}", "[object Object]", "__proto__", "constructor", "prototype", "toString", "hasOwnProperty",
  `e${"\u0301".repeat(64)}`, // a stack of combining marks
  "\u202Ebudget\u202C", "\u2067\u0627\u0644\u0645\u064A\u0632\u0627\u0646\u064A\u0629\u2069",
  "\uD800\uD800\uDC00\uDC00", "\uDC00\uD800", "a\u0000b", "budget\u200B", "\uFEFFbudget",
  "'; DROP TABLE messages; --", "\" OR \"\"=\"", "budget) OR (1 eq 1", "contains(subject,'x')", "$search=\"x\"", "a'b", "a\"b",
];

/** A string built from edge characters and ordinary graphemes. */
export const edgeString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SHAPED),
  fc.array(fc.oneof(fc.constantFrom(...EDGE_CHARS), fc.string({ unit: "grapheme", maxLength: 4 })), { minLength: 1, maxLength: 16 }).map((parts) => parts.join("")),
);

/** `value` with an edge character put in at some position. */
export function withEdge(value: string): fc.Arbitrary<string> {
  return fc.tuple(fc.nat({ max: value.length }), fc.constantFrom(...EDGE_CHARS)).map(([at, inserted]) => `${value.slice(0, at)}${inserted}${value.slice(at)}`);
}

/**
 * A long string: just past a bound or tens of thousands of characters. Kept under 40k units so that a request with
 * several (escaped as \uXXXX) stays below the server's 1 MB body limit: a refused body is a different test.
 */
export function hugeString(bound: number | undefined): fc.Arbitrary<string> {
  const lengths = fc.oneof(fc.integer({ min: (bound ?? 500) + 1, max: (bound ?? 500) + 3 }), fc.integer({ min: 4_000, max: 40_000 }));
  return fc.tuple(fc.constantFrom("x", "é", "\u{1F600}", "\uD800", "a b ", "%2F", "\u0301", "budget "), lengths).map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));
}

/** Numbers at and past every bound a schema could state, and the IEEE-754 oddities JSON can carry. */
export function edgeNumber(minimum: number | undefined, maximum: number | undefined): fc.Arbitrary<number> {
  const bounds = [minimum, maximum].flatMap((b) => (b === undefined ? [] : [b - 1, b, b + 1, b - 0.5, b + 0.5]));
  return fc.oneof(
    fc.constantFrom(...bounds, 0, -0, -1, 1.5, 0.1, 1e21, 1e308, -1e308, 2 ** 31, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 5e-324),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
  );
}

/** Strings that look like numbers to a lax parser, or like the values JSON cannot hold. */
export const NUMBER_LIKE: readonly string[] = ["NaN", "-NaN", "Infinity", "-Infinity", "1e999", "-1e999", "0x10", "0b1", "1_000", " 5", "5 ", "05", "5.0", "+5", "\u0661\u0662", "\uFF15", "10", "", "1e2"];

/** Property names that pollute prototypes or collide with built-ins, and near-misses of real argument names. */
export const HOSTILE_KEYS: readonly string[] = ["__proto__", "constructor", "prototype", "__defineGetter__", "toString", "valueOf", "hasOwnProperty", "", " ", "\u0000", "$ref", "$schema", "@odata.nextLink", "_meta"];

/** A key spelled like `name` but not it: case, whitespace, zero-width and NUL variants. */
export const nearMiss = (name: string): readonly string[] => [name.toUpperCase(), ` ${name}`, `${name} `, `${name}\u200B`, `${name}\u0000`, name.normalize("NFD") === name ? `${name}\u0301` : name.normalize("NFD")];

/** An object with `key` as its own property even for __proto__, which an object literal would turn into a prototype. */
export function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** A payload that, if merged into an object, would put `polluted` on every object's prototype. */
export const pollutingValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  { polluted: "yes" },
  withOwn({}, "__proto__", { polluted: "yes" }),
  { prototype: { polluted: "yes" } },
  { constructor: { prototype: { polluted: "yes" } } },
  [withOwn({}, "__proto__", { polluted: "yes" })],
);

/** `levels` of objects or arrays, each inside the last, as deep as `levels`. */
export function nested(levels: number, arrays: boolean): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < levels; i++) value = arrays ? [value] : { inner: value };
  return value;
}

/** Any JSON value, including the hostile strings. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  edgeString,
  fc.constantFrom<unknown>(null, true, false, 0, [], {}, [null], { "": "" }),
);

/** Percent-encoding that never throws: a lone surrogate becomes its (invalid) three-byte WTF-8 form, as sloppy encoders write it. */
export function percentEncoded(value: string, keep: RegExp = /[A-Za-z0-9_.!~*'()-]/): string {
  return Array.from(value)
    .map((char) => {
      if (keep.test(char)) return char;
      const code = char.charCodeAt(0);
      const bytes = /\p{Cs}/u.test(char) ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)] : [...Buffer.from(char, "utf8")];
      return bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
    })
    .join("");
}
