/**
 * What one file may cost the parser, in one place. Each value is far above any real report and far below what would
 * take the machine: past one, the file is refused with a ParseError naming it. The values are properties of one
 * object so that a test can lower them and reproduce, at a small size, what would otherwise take gigabytes.
 */
export const PARSE_LIMITS = {
  /** Text and web pages: the longest real reports are well under 1 MB of text. */
  textBytes: 32 * 1024 * 1024,
  /** Lines of a document's text view: real reports have a few hundred, a long PDF a few thousand. */
  lines: 50_000,
  /** A Word file's parts, unzipped together: real ones are a few MB (document.xml of a 30-page report: ~1 MB). */
  docxUnzippedBytes: 64 * 1024 * 1024,
  /** A part larger than 1 MB unzipped may be at most this many times its zipped size (XML: 5–20×; a zip bomb: 1,000×). */
  docxRatio: 100,
  /**
   * Elements nested in a web page (real pages: under 100). parse5 looks through the open elements at each tag, so a
   * page nested 20,000 deep takes seconds to parse, and a megabyte of <div>s would take hours.
   */
  htmlDepth: 1000,
  /** Positions of the tables of a web page or Word file, spans resolved (a report's three tables: ~1,000). */
  gridCells: 200_000,
  /** PDF pages: reports have 3–40. */
  pdfPages: 1000,
  /** Time to read a PDF's pages (the one reader that can take long on a small file: a page of many tiny items). */
  pdfMs: 60_000,
};

export const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
