import {
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { encodeGlobalId, NODE_TYPE_NAMES, recordIdOf, type NodeTypeName } from "../../domain/global-id";

/**
 * Global ids in the schema, in one place (docs/architecture.md, "Global ids"), applied once to the
 * built schema:
 *
 * - **in**: every `ID` argument and every `ID` field of an input (filters, inputs, lists of ids, at
 *   any depth) is turned into the record's UUID by `recordIdOf` before the resolver runs, so
 *   services only ever see UUIDs and take both forms during the deprecation period. `node` and
 *   `nodes` are left alone: they need the type the global id names.
 * - **out**: `id` of every Node type answers the global id when the request asked for it
 *   (`X-Srdi-Global-Ids: 1`, `ctx.globalIds`), else the raw UUID; `uuid` answers the raw UUID.
 */
export const GLOBAL_IDS_HEADER = "x-srdi-global-ids";

/** Did the client opt into global ids (`X-Srdi-Global-Ids: 1` or `true`)? */
export function wantsGlobalIds(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^(1|true)$/i.test(value.trim());
}

const NODE_TYPES: ReadonlySet<string> = new Set(NODE_TYPE_NAMES);
const UNTOUCHED_FIELDS = new Set(["Query.node", "Query.nodes"]);

type Decoder = (value: unknown) => unknown;

export function applyGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  const memo = new Map<string, Decoder | null>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !isObjectType(type)) continue;
    const isNode = NODE_TYPES.has(type.name) && type.getInterfaces().some((i) => i.name === "Node");
    for (const field of Object.values(type.getFields())) {
      if (isNode && field.name === "id") {
        const typeName = type.name as NodeTypeName;
        field.resolve = (source: { id: string }, _args, ctx: { globalIds?: boolean } | undefined) =>
          ctx?.globalIds ? encodeGlobalId(typeName, source.id) : source.id;
        continue;
      }
      if (isNode && field.name === "uuid") {
        field.resolve = (source: { id: string }) => source.id;
        continue;
      }
      if (UNTOUCHED_FIELDS.has(`${type.name}.${field.name}`)) continue;
      const decoders = field.args.map((arg): [GraphQLArgument, Decoder] | null => {
        const decode = decoderFor(arg.type, memo);
        return decode ? [arg, decode] : null;
      }).filter((d): d is [GraphQLArgument, Decoder] => d !== null);
      if (decoders.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, ctx, info) => {
        const decoded = { ...args };
        for (const [arg, decode] of decoders) if (decoded[arg.name] != null) decoded[arg.name] = decode(decoded[arg.name]);
        return resolve(source, decoded, ctx, info);
      };
    }
  }
  return schema;
}

function decoderFor(type: GraphQLInputType, memo: Map<string, Decoder | null>): Decoder | null {
  if (isNonNullType(type)) return decoderFor(type.ofType, memo);
  if (isListType(type)) {
    const inner = decoderFor(type.ofType, memo);
    if (!inner) return null;
    return (value) => (Array.isArray(value) ? value.map((v) => (v == null ? v : inner(v))) : inner(value));
  }
  if (isScalarType(type)) return type.name === "ID" ? (value) => (typeof value === "string" ? recordIdOf(value) : value) : null;
  if (!isInputObjectType(type)) return null;
  if (memo.has(type.name)) return memo.get(type.name)!;
  // Recursive inputs: the entry is there (calling the finished decoder) before the fields are looked at.
  let finished: Decoder | null = null;
  memo.set(type.name, (value) => (finished ? finished(value) : value));
  const fields = Object.values(type.getFields())
    .map((f) => [f.name, decoderFor(f.type, memo)] as const)
    .filter((f): f is readonly [string, Decoder] => f[1] !== null);
  if (fields.length === 0) {
    memo.set(type.name, null);
    return null;
  }
  finished = (value) => {
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [name, decode] of fields) if (out[name] != null) out[name] = decode(out[name]);
    return out;
  };
  memo.set(type.name, finished);
  return finished;
}

/** Interfaces are not resolved here; exported for the tests that walk the schema. */
export function nodeTypeNames(schema: GraphQLSchema): string[] {
  const node = schema.getType("Node");
  if (!node || !isInterfaceType(node)) return [];
  return schema.getPossibleTypes(node).map((t) => getNamedType(t).name).sort();
}
