import { Field, ID, InterfaceType } from "type-graphql";
import { NODE_TYPE_NAMES } from "../domain/global-id";

const NODE_TYPES: ReadonlySet<string> = new Set(NODE_TYPE_NAMES);

/**
 * The Relay `Node` interface (docs/architecture.md, "Global ids"). Every record type (BaseRecord)
 * implements it; `node(id:)` and `nodes(ids:)` (src/modules/node/) fetch any of them by global id.
 * A record's GraphQL type is its entity class's name.
 */
@InterfaceType("Node", {
  description: "A record that can be fetched by its global id with `node(id:)` (Relay 对象标识).",
  resolveType: (value: object) => {
    const name = value.constructor?.name;
    return name && NODE_TYPES.has(name) ? name : undefined;
  },
})
export abstract class Node {
  @Field(() => ID, {
    description:
      "The record's id (记录ID). With the header `X-Srdi-Global-Ids: 1` (and for everyone from 2027-07-01) the opaque global id that `node(id:)` takes; without it, until then, the raw UUID (deprecated form, see `uuid`).",
  })
  id!: string;
}
