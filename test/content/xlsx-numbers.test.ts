// Excel number cells: the shortcut for plain decimals must give exactly what the 15-digit round trip gives.
import assert from "node:assert/strict";
import { formatNumber } from "../../src/content/xlsx.js";

const roundTrip = (raw: string): string => {
  const value = Number(raw);
  return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : raw;
};

describe("xlsx number cells", () => {
  it("format as the 15-digit round trip does, for every kind of stored number", () => {
    const cases = ["0", "-0", "1", "-1", "10", "0.5", "0.1", "0.30000000000000004", "123456789012345", "1234567890123456", "12345678901234567890", "0.000001", "0.0000001", "0.00000123", "1E3", "1e-7", "2.5E+21", "1.50", "007", "00.5", "-0.0", ".5", "5.", "NaN", "Infinity", "abc", "", "999999999999999.9", "0.100000000000000", "4.35", "1.005"];
    let seed = 11;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 20_000; i++) {
      const digits = Math.floor(random() * 18) + 1;
      const int = String(Math.floor(random() * 10 ** Math.min(digits, 15)));
      const fraction = String(Math.floor(random() * 10 ** (18 - Math.min(digits, 17)))).padStart(Math.floor(random() * 8), "0");
      cases.push(int, `-${int}`, `${int}.${fraction}`, `0.${fraction}`, `-0.${fraction}`, (random() * 10 ** (random() * 30 - 15)).toString());
    }
    for (const raw of cases) assert.equal(formatNumber(raw), roundTrip(raw), raw);
  });
});
