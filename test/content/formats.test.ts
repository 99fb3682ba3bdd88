import assert from "node:assert/strict";
import { extractableFormat } from "../../src/content/extract.js";
import { extractFixture } from "./read.js";

describe("text extraction: formats", () => {
  it("names the format by extension first, then by MIME type", () => {
    assert.equal(extractableFormat({ name: "Report.DOCX" }), "docx");
    assert.equal(extractableFormat({ name: "deck.pptm" }), "pptx");
    assert.equal(extractableFormat({ name: "data.tsv" }), "csv");
    assert.equal(extractableFormat({ name: "noextension", mimeType: "application/pdf" }), "pdf");
    assert.equal(extractableFormat({ name: "page", mimeType: "text/html; charset=utf-8" }), "html");
    assert.equal(extractableFormat({ name: "photo.png", mimeType: "image/png" }), undefined);
    assert.equal(extractableFormat({ name: "old.doc" }), undefined);
  });

  it("reads a Word document: headings, paragraphs, lists and tables as markdown", async () => {
    const result = await extractFixture("sample.docx");
    assert.equal(result.format, "docx");
    assert.deepEqual(result.notes, []);
    assert.equal(result.text, [
      "# Project Falcon",
      "# Overview",
      "The falcon project delivers secure file reading for the assistant.",
      "Kept text\tafter a tab\nand a line break.",
      "## Goals",
      "- Read Word documents\n- Read Excel workbooks\n  - Including hidden sheets\n1. First step\n2. Second step",
      "| Name | Role |\n| --- | --- |\n| Ada | Engineer |\n| Grace | Rear \\| Admiral |",
      "Closing words are quoted.",
    ].join("\n\n"));
  });

  it("reads an Excel workbook sheet by sheet, with dates, booleans, formulas' values and hidden sheets", async () => {
    const result = await extractFixture("sample.xlsx");
    assert.equal(result.format, "xlsx");
    assert.deepEqual(result.notes, []);
    assert.equal(result.text, [
      "## Sheet: Data",
      "| Name | Amount | Joined | Active |\n| --- | --- | --- | --- |\n| Ada | 1200.5 | 2024-01-01 | TRUE |\n| Grace | 0.3 | 2024-02-15 12:00:00 | FALSE |\n| Inline total | 1200.8 |  | Pipe \\| inside |",
      "## Sheet: Secret (hidden)",
      "| Hidden value |\n| --- |",
    ].join("\n\n"));
  });

  it("reads a PowerPoint deck slide by slide in presentation order, with titles, bullets, tables and notes", async () => {
    const result = await extractFixture("sample.pptx");
    assert.equal(result.format, "pptx");
    assert.equal(result.text, [
      "## Slide 1: Falcon Kickoff",
      "Secure reading for everyone",
      "### Notes\n\nRemember to thank the team.",
      "## Slide 2: Plan",
      "Phase one\n- Build the readers\nPhase two",
      "| Quarter | Goal |\n| --- | --- |\n| Q1 | Docx |\n| Q2 | Pdf |",
      "## Slide 3: Backup slide (hidden)",
    ].join("\n\n"));
  });

  it("reads a PDF page by page", async () => {
    const result = await extractFixture("sample.pdf");
    assert.equal(result.format, "pdf");
    assert.deepEqual(result.notes, []);
    assert.equal(result.text, "## Page 1\n\nFalcon Annual Report\nThe first page introduces the report.\n\n## Page 2\n\nSecond page text.\n\n## Page 3\n\nThe third page mentions zebras.");
  });

  it("turns HTML into markdown and drops scripts and styles", async () => {
    const result = await extractFixture("sample.html");
    assert.equal(result.text, [
      "# Falcon Handbook",
      "Welcome to the falcon handbook & guide.",
      "## Steps",
      "- Open the file\n- Read the text",
      "| City | Team |\n| --- | --- |\n| Oslo | North |\n| Lima | South |",
      "Visit the falcon site [https://example.com/falcon].",
    ].join("\n\n"));
  });

  it("shows CSV as a table, guessing the separator and keeping quoted commas", async () => {
    assert.equal((await extractFixture("sample.csv")).text, '| Name | Comment | Score |\n| --- | --- | --- |\n| Ada | Likes commas, and "quotes" | 10 |\n| Grace | Pipes \\| here | 9 |');
    assert.equal((await extractFixture("sample-semicolon.csv")).text, "| Stadt | Einwohner |\n| --- | --- |\n| Berlin | 3850809 |\n| Köln | 1084831 |");
  });

  it("fences CSV that does not parse, so its lines are not read as markdown, with a note", async () => {
    const { extractText } = await import("../../src/content/extract.js");
    const result = await extractText(new TextEncoder().encode('name,comment\n"Ada,unclosed\n# not a heading\n'), { name: "broken.csv" });
    assert.equal(result.text, '```csv\nname,comment\n"Ada,unclosed\n# not a heading\n```');
    assert.deepEqual(result.notes, ["The file is not well-formed CSV (for example, a quote is never closed), so it is shown as plain text."]);
  });

  it("pretty-prints JSON and fences XML; broken JSON is shown as it is with a note", async () => {
    assert.equal((await extractFixture("sample.json")).text, '```json\n{\n  "project": "falcon",\n  "tags": [\n    "secure",\n    "fast"\n  ],\n  "nested": {\n    "level": 2\n  }\n}\n```');
    assert.equal((await extractFixture("sample.xml")).text, '```xml\n<?xml version="1.0" encoding="UTF-8"?>\n<catalog><book id="1"><title>Falcon Field Guide</title></book></catalog>\n```');
    const bad = await extractFixture("bad.json");
    assert.equal(bad.text, '```json\n{"unterminated": [1, 2\n```');
    assert.deepEqual(bad.notes, ["The file is not valid JSON, so it is shown as it is."]);
  });

  it("keeps plain text and markdown as they are", async () => {
    assert.equal((await extractFixture("sample.txt")).text, "Plain text about falcons.\nSecond line with ümlauts.");
    assert.equal((await extractFixture("sample.md")).text, "# Falcon notes\n\n- keep *markdown* as it is");
  });

  it("detects UTF-16 with and without a BOM, and reads invalid UTF-8 as Windows-1252 with a note", async () => {
    assert.equal((await extractFixture("sample-utf16.txt")).text, "UTF-16 text with a BOM: Grüße.");
    assert.equal((await extractFixture("sample-utf16-nobom.txt")).text, "No BOM but UTF-16LE: Grüße.");
    const legacy = await extractFixture("sample-cp1252.txt");
    assert.equal(legacy.text, "Café crème costs 3€");
    assert.deepEqual(legacy.notes, ["The file is not valid UTF-8, so it was read as Windows-1252 (Western European); some characters may be wrong."]);
  });

  it("reads an email message: headers, attachment names and the text body", async () => {
    const result = await extractFixture("sample.eml");
    assert.equal(result.format, "eml");
    assert.equal(result.text, [
      "# Falcon status ✓",
      "- **From**: Ada Lovelace <ada@example.com>\n- **To**: Grace Hopper <grace@example.com>\n- **Date**: 2024-01-01T09:30:00.000Z\n- **Subject**: Falcon status ✓\n- **Attachments**: numbers.csv",
      "Hello Grace,\n\nThe falcon readers are done. Café at noon?",
    ].join("\n\n"));
  });

  it("returns an empty text with a note for an empty file", async () => {
    const { extractText } = await import("../../src/content/extract.js");
    assert.deepEqual(await extractText(new Uint8Array(0), { name: "empty.docx" }), { format: "docx", text: "", notes: ["The file is empty."] });
  });
});
