import { Field, ID, ObjectType } from "type-graphql";
import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

/**
 * Columns every record has: a UUID key and creation/update instants. Instants are stored with
 * millisecond precision so that a JS Date round-trips exactly (keyset cursors depend on it).
 */
@ObjectType()
export abstract class BaseRecord {
  @Field(() => ID, { description: "Stable opaque identifier (记录ID)." })
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "When the record was created (创建时间), ISO 8601 instant." })
  @CreateDateColumn({ type: "timestamptz", precision: 3 })
  createdAt!: Date;

  @Field({ description: "When the record was last changed (更新时间), ISO 8601 instant." })
  @UpdateDateColumn({ type: "timestamptz", precision: 3 })
  updatedAt!: Date;
}
