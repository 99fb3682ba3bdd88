// Bounds that keep one hostile or oversized file from taking the server's memory or time.

export interface ExtractionLimits {
  /** Wall-clock budget for one file; the worker is terminated when it runs out. */
  timeoutMs: number;
  /** Heap of the extraction worker, in MB; exceeding it ends the worker, not the server. PDFium's memory has the same cap. */
  maxHeapMb: number;
  /** Total bytes all ZIP entries read from one Office file may inflate to. */
  maxUncompressedBytes: number;
  /** Largest uncompressed-to-compressed ratio accepted for a ZIP entry bigger than 1 MiB. */
  maxCompressionRatio: number;
  maxSheetRows: number;
  maxSheetColumns: number;
  maxSheets: number;
  maxPages: number;
  maxSlides: number;
  /** Deepest element nesting accepted in XML parts of Office files. */
  maxXmlDepth: number;
  maxOutputChars: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = {
  timeoutMs: 30_000,
  /** M365_MCP_EXTRACTION_HEAP_MB's default; the server's setting reaches reads through the pool (extractionHeapMb). */
  maxHeapMb: 256,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxSheetRows: 1000,
  maxSheetColumns: 50,
  maxSheets: 50,
  maxPages: 500,
  maxSlides: 500,
  maxXmlDepth: 200,
  maxOutputChars: 1_000_000,
};
