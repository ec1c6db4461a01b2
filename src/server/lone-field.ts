/**
 * Requests that ask for one field alone: those whose aggregation answer can be streamed over HTTP (stream.ts) where it
 * is too large to be held whole, and whose cost the estimate then takes per chunk (apollo.ts).
 */
import { Kind, type FieldNode, type OperationDefinitionNode } from 'graphql';
import type { AnswerSize } from '../query/chunks';

/** The operation's one root field, when it is a query of one field and nothing else. */
export function loneField(operation: OperationDefinitionNode): FieldNode | undefined {
  const [field, ...others] = operation.selectionSet.selections;
  if (operation.operation !== 'query' || !field || others.length > 0) return undefined;
  return field.kind === Kind.FIELD && !field.directives?.length ? field : undefined;
}

/**
 * Whether this operation can be streamed where its answer is too large to be held whole: it is a request over HTTP
 * (stream.ts sets `answer.streamable`) asking for one field alone. Marks the execution so (query/chunks.ts).
 */
export function streamable(operation: OperationDefinitionNode | null | undefined, answer: AnswerSize): boolean {
  answer.streamable &&= operation ? loneField(operation) !== undefined : false;
  return answer.streamable;
}
