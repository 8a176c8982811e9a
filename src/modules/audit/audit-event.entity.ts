import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * One entry of the tamper-evident audit trail: who (actor, role, organisation) did what
 * (operation on a record, before/after) and when. Append-only and hash-chained; the trigger that
 * refuses UPDATE/DELETE and the chain writer come with the workflow issue.
 */
@Entity({ name: "audit_event" })
@Index("ix_audit_event_record", ["recordType", "recordId"])
export class AuditEvent {
  /** Position in the chain (a bigint, returned as a string). */
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  @Column({ type: "timestamptz", default: () => "now()" })
  occurredAt!: Date;

  @Column({ type: "varchar", length: 120, nullable: true })
  actorId!: string | null;

  @Column({ type: "varchar", length: 20 })
  actorRole!: string;

  @Column({ type: "uuid", nullable: true })
  orgId!: string | null;

  @Column({ type: "char", length: 6, nullable: true })
  regionCode!: string | null;

  @Column({ type: "varchar", length: 60 })
  operation!: string;

  @Column({ type: "varchar", length: 60 })
  recordType!: string;

  @Column({ type: "varchar", length: 64 })
  recordId!: string;

  @Column({ type: "jsonb", nullable: true })
  before!: unknown;

  @Column({ type: "jsonb", nullable: true })
  after!: unknown;

  @Column({ type: "varchar", length: 64, nullable: true })
  requestId!: string | null;

  @Column({ type: "char", length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: "char", length: 64 })
  hash!: string;
}
