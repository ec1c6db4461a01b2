/** What a query reads of a list's elements, so the query layer selects (and joins) no more than that. */
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** The fields of a selection set (aliases included); undefined when it holds a fragment (not resolved here). */
function fieldsOf(set: SelectionSetNode | undefined): FieldNode[] | undefined {
  const selections = set?.selections ?? [];
  return selections.every((s) => s.kind === 'Field') ? (selections as FieldNode[]) : undefined;
}

/**
 * The field names selected on a connection's `nodes`, over every place (and alias) the connection and its nodes are
 * asked for; undefined — read everything — when a fragment is involved.
 */
export function nodeFields(info: GraphQLResolveInfo): Set<string> | undefined {
  const out = new Set<string>();
  for (const node of info.fieldNodes) {
    const top = fieldsOf(node.selectionSet);
    if (!top) return undefined;
    for (const nodes of top.filter((f) => f.name.value === 'nodes')) {
      const fields = fieldsOf(nodes.selectionSet);
      if (!fields) return undefined;
      for (const f of fields) out.add(f.name.value);
    }
  }
  return out;
}
