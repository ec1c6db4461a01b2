/**
 * A request the caller can fix (an inverted year range, a page too big, an unknown metric). The GraphQL layer turns it
 * into a BAD_USER_INPUT error, the export endpoint into HTTP 400; the message says what to change.
 */
export class InputError extends Error {
  override name = 'InputError';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InputError(message);
}
