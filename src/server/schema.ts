/** The executable GraphQL schema, built once per process from the type-graphql classes. */
import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { RESOLVERS } from '../resolvers';

let built: Promise<GraphQLSchema> | undefined;

export function gongkaiSchema(): Promise<GraphQLSchema> {
  // validate: false — arguments are checked by the query layer, which names what to change (no class-validator).
  built ??= buildSchema({ resolvers: [...RESOLVERS], validate: false }).then((schema) => {
    // type-graphql has no option for the root type's description.
    schema.getQueryType()!.description =
      'gongkai: China’s government information-disclosure annual reports as data. Read-only; every number traces to its source.';
    return schema;
  });
  return built;
}

/** The SDL committed as src/schema/schema.graphql (`npm run schema` writes it; a test keeps it current). */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(await gongkaiSchema())}\n`;
}

export const SCHEMA_FILE = 'src/schema/schema.graphql';
