/**
 * Fuzzing the HTTP layer: random GraphQL documents built from the schema (any query field, random arguments of the
 * right type and of the wrong one, random selections, aliases), random variables, and random export requests (any
 * dataset name, any of its parameters, hostile values). Whatever comes in, the server never answers 500, never sends
 * a stack trace, a path or SQL, and answers each request within a hang bound.
 */
import fc from 'fast-check';
import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serve, type Running } from '../src/server/app';
import { gongkaiSchema } from '../src/server/schema';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';
import { LEAK } from './helpers/leaks';

/** Far above any answer here (milliseconds): a request past it hangs. Not a measure of speed. */
const HANG_MS = 10_000;
const RUNS = 250;

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '\u0000', '%', '_', "'; DROP TABLE report; --", '湛河区', '丰城市', '__proto__', 'constructor'),
);
const integer = fc.oneof(
  fc.integer({ min: -3, max: 3000 }),
  fc.constantFrom(0, 1, 2019, 2020, 2023, 500, 5000, 100_000, 2 ** 31 - 1, -(2 ** 31)),
);

/** A GraphQL literal for a value of this type — usually well typed, sometimes not. */
function literal(type: GraphQLInputType, depth: number): fc.Arbitrary<string> {
  const t = isNonNullType(type) ? type.ofType : type;
  const wrong = fc.constantFrom('"x"', '1.5', 'true', 'null', '[]', '{}', 'NOT_A_VALUE');
  let right: fc.Arbitrary<string>;
  if (isListType(t)) {
    right =
      depth > 2
        ? fc.constant('[]')
        : fc
            .oneof(
              { weight: 9, arbitrary: fc.array(literal(t.ofType, depth + 1), { maxLength: 4 }) },
              { weight: 1, arbitrary: fc.array(literal(t.ofType, depth + 1), { minLength: 1001, maxLength: 1001 }) },
            )
            .map((xs) => `[${xs.join(', ')}]`);
  } else if (isInputObjectType(t)) {
    const fields = Object.values(t.getFields());
    right =
      depth > 2
        ? fc.constant('{}')
        : fc
            .subarray(fields, { maxLength: Math.min(4, fields.length) })
            .chain((chosen) => fc.tuple(...chosen.map((f) => literal(f.type, depth + 1).map((v) => `${f.name}: ${v}`))))
            .map((parts) => `{ ${parts.join(', ')} }`);
  } else if (isEnumType(t)) {
    right = fc.constantFrom(...t.getValues().map((v) => v.name));
  } else if (isScalarType(t) && t.name === 'Int') {
    right = integer.map(String);
  } else if (isScalarType(t) && t.name === 'Float') {
    right = fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d));
  } else if (isScalarType(t) && t.name === 'Boolean') {
    right = fc.boolean().map(String);
  } else {
    right = text.map((s) => JSON.stringify(s));
  }
  return fc.oneof({ weight: 9, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

function argumentsOf(args: readonly GraphQLArgument[], depth: number): fc.Arbitrary<string> {
  if (args.length === 0) return fc.constant('');
  return fc
    .subarray([...args], { maxLength: args.length })
    .chain((chosen) => {
      // Required arguments mostly given (a missing one is a validation error, which is fine too).
      const required = args.filter((a) => isNonNullType(a.type) && !chosen.includes(a));
      return fc.tuple(...[...chosen, ...required].map((a) => literal(a.type, depth).map((v) => `${a.name}: ${v}`)));
    })
    .map((parts) => (parts.length > 0 ? `(${parts.join(', ')})` : ''));
}

/** A selection of some of a field's subfields (recursively), each with arguments of its own; sometimes aliased. */
function selection(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> {
  const named = getNamedType(field.type);
  const head = fc
    .tuple(fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 5 }), argumentsOf(field.args, 0))
    .map(([alias, args]) => `${alias ? `${alias}: ` : ''}${field.name}${args}`);
  if (!isObjectType(named)) return head;
  const fields = Object.values(named.getFields());
  const children =
    depth >= 3
      ? fc.constant('__typename')
      : fc
          .subarray(fields, { minLength: 1, maxLength: Math.min(4, fields.length) })
          .chain((chosen) => fc.tuple(...chosen.map((f) => selection(f, depth + 1))))
          .map((parts) => parts.join(' '));
  return fc.tuple(head, children).map(([h, c]) => `${h} { ${c} }`);
}

function documents(schema: GraphQLSchema): fc.Arbitrary<{ query: string; variables?: unknown }> {
  const fields = Object.values(schema.getQueryType()!.getFields());
  const query = fc
    .array(
      fc.constantFrom(...fields).chain((f) => selection(f, 0)),
      { minLength: 1, maxLength: 3 },
    )
    .map((parts) => ({ query: `{ ${parts.join(' ')} }` }));
  // Variables of any JSON shape against declared types; and documents cut or garbled.
  const withVariables = fc
    .tuple(fc.constantFrom('Int', '[Int!]', 'String', 'ReportFilterInput', 'Boolean!'), fc.jsonValue({ maxDepth: 2 }))
    .map(([type, v]) => ({
      query: `query ($v: ${type}) { reports(first: 3${type === 'ReportFilterInput' ? ', filter: $v' : ''}) { totalCount nodes { id } } ${type === 'Int' ? 'facts(first: $v) { totalCount }' : ''} }`,
      variables: { v },
    }));
  const garbled = fc
    .tuple(query, fc.nat(), fc.string({ unit: 'binary', maxLength: 5 }))
    .map(([d, at, junk]) => ({ query: d.query.slice(0, at % (d.query.length + 1)) + junk }));
  return fc.oneof(
    { weight: 6, arbitrary: query },
    { weight: 2, arbitrary: withVariables },
    { weight: 2, arbitrary: garbled },
  );
}

interface Catalogue {
  [dataset: string]: { parameters: { name: string }[] };
}

function exportRequests(catalogue: Catalogue): fc.Arbitrary<string> {
  const names = Object.keys(catalogue);
  const value = fc.oneof(
    text,
    integer.map(String),
    fc.array(integer.map(String), { maxLength: 5 }).map((xs) => xs.join(',')),
    fc.constantFrom('YEAR,AGENCY,APPLICANT', 'ROW', 'category', 'true', 'maybe', '1,,2', '-1', '2020,2023'),
  );
  return fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...names),
        fc.constantFrom('__proto__', 'constructor', 'nothing', '..%2f..', 'facts.csv'),
      ),
      fc.constantFrom('csv', 'json', 'xml', ''),
      fc.constantFrom(...names).chain((n) =>
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...catalogue[n].parameters.map((p) => p.name)), text), value), {
          maxLength: 4,
        }),
      ),
    )
    .map(([name, format, params]) => {
      const qs = new URLSearchParams(params).toString();
      return `/export/${encodeURIComponent(name)}${format ? `.${format}` : ''}${qs ? `?${qs}` : ''}`;
    });
}

onEachDatabase((target) => {
  let api: Api;
  let server: Running;
  let base: string;
  beforeAll(async () => {
    api = await apiOver(['data/reports'], target);
    // As `gongkai serve` runs: NODE_ENV unset (no stack traces must come from that either).
    const env = process.env.NODE_ENV;
    delete process.env.NODE_ENV;
    try {
      server = await serve(api.ds, 0, '127.0.0.1');
    } finally {
      process.env.NODE_ENV = env;
    }
    base = server.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await server.close();
    await api.close();
  });

  /** A response that keeps the invariants: not 500, nothing leaked, in time. */
  async function check(request: () => Promise<Response>, what: string): Promise<void> {
    const started = performance.now();
    const res = await request();
    const body = await res.text();
    expect(performance.now() - started, what).toBeLessThan(HANG_MS);
    expect(res.status, `${what}\n→ ${body.slice(0, 300)}`).toBeLessThan(500);
    expect(body, what).not.toMatch(LEAK);
  }

  it(`${RUNS} random GraphQL documents and variables: never 500, never a stack trace, never a hang`, async () => {
    const schema = await gongkaiSchema();
    await fc.assert(
      fc.asyncProperty(documents(schema), async (doc) => {
        await check(
          () =>
            fetch(`${base}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(doc),
            }),
          JSON.stringify(doc).slice(0, 2000),
        );
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it(`${RUNS} random export requests: never 500, never a stack trace, never a hang`, async () => {
    const catalogue = (await (await fetch(`${base}/export/`)).json()) as Catalogue;
    await fc.assert(
      fc.asyncProperty(exportRequests(catalogue), async (url) => {
        await check(() => fetch(`${base}${url}`), url);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
