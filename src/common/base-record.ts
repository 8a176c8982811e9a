import { Field, ID, ObjectType } from "type-graphql";
import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { Node } from "../graphql/node-interface";

/**
 * Columns every record has: a UUID key and creation/update instants. Instants are stored with
 * millisecond precision so that a JS Date round-trips exactly (keyset cursors depend on it).
 */
@ObjectType()
export abstract class BaseRecord implements Node {
  /** The record's UUID (the primary key). In GraphQL, `id` answers it or the global id (src/modules/node/global-ids.ts). */
  @Field(() => ID, {
    description:
      "The record's id (记录ID). With the header `X-Srdi-Global-Ids: 1` (and for everyone from 2027-07-01) the opaque global id that `node(id:)` takes; without it, until then, the raw UUID (deprecated form, see `uuid`).",
  })
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  /** GraphQL only, never stored or set: resolved from `id` (src/modules/node/global-ids.ts). */
  @Field(() => String, {
    description: "The record's raw UUID (记录UUID), as `id` answered before global ids; every id argument accepts it as well as the global id.",
    deprecationReason: "Use `id` (the global id, with `X-Srdi-Global-Ids: 1`). `uuid` goes on 2027-12-31; see CHANGELOG.md.",
  })
  uuid?: string;

  @Field({ description: "When the record was created (创建时间), ISO 8601 instant." })
  @CreateDateColumn({ type: "timestamptz", precision: 3 })
  createdAt!: Date;

  @Field({ description: "When the record was last changed (更新时间), ISO 8601 instant." })
  @UpdateDateColumn({ type: "timestamptz", precision: 3 })
  updatedAt!: Date;
}
