/** What no HTTP response may contain: a stack trace or frame, a source or install path, SQL or a driver's error. */
export const LEAK =
  /stacktrace|\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|node_modules|\/work\/|\/tmp\/|\b(SELECT|INSERT|UPDATE|DELETE) .*\bFROM\b|\bWHERE\b|SqliteError|QueryFailedError|\brelation "/;
