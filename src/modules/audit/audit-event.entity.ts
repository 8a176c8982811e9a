import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * One entry of the tamper-evident audit trail (审计日志): who (actor, role, organisation) did what
 * (operation on a record, before/after) and when. Written only through `recordAudit`
 * (audit.service.ts) in the transaction of the change it describes.
 *
 * The database owns the chain (migration 1795560000000-AuditTrail, docs/architecture.md "Audit
 * trail"): a BEFORE INSERT trigger locks the one-row `audit_chain_head`, takes the next id, stamps
 * `occurred_at`, links `prev_hash` to the previous event's `hash` and computes `hash`; another
 * trigger refuses UPDATE, DELETE and TRUNCATE. Values sent for id, occurredAt, prevHash and hash
 * are overwritten.
 */
@Entity({ name: "audit_event" })
@Index("ix_audit_event_record", ["recordType", "recordId"])
@Index("ix_audit_event_org", ["orgId", "id"])
@Index("ix_audit_event_occurred_at", ["occurredAt"])
// Region-prefix lookups (LIKE '33%'): a bpchar_pattern_ops index that TypeORM cannot express; the
// migration is its source of truth.
@Index("ix_audit_event_region_prefix", { synchronize: false })
// The product-terms look-up of the anomaly scan (term events of products only): a partial index,
// created by migration LendingAnomalies.
@Index("ix_audit_event_product_terms", { synchronize: false })
export class AuditEvent {
  /** Position in the chain, gapless from 1 (a bigint, returned as a string). */
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  /** When the event was appended (clock time under the chain lock, so it follows the id order). */
  @Column({ type: "timestamptz", default: () => "now()" })
  occurredAt!: Date;

  /** The token's subject. */
  @Column({ type: "varchar", length: 120, nullable: true })
  actorId!: string | null;

  @Column({ type: "varchar", length: 20 })
  actorRole!: string;

  /** The actor's organisation (FIRM: its firm, BANK: its institution, GUARANTOR: its agency). */
  @Column({ type: "uuid", nullable: true })
  orgId!: string | null;

  /** BUREAU and REGULATOR actors: the jurisdiction of their token. */
  @Column({ type: "char", length: 6, nullable: true })
  actorRegionCode!: string | null;

  /** The region of the record the event concerns (what auditEvents is scoped by); null when none (e.g. an LPR rate). */
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

  /** The previous event's hash; null for the first event. */
  @Column({ type: "char", length: 64, nullable: true })
  prevHash!: string | null;

  /** sha256 (hex) of the event's canonical text, which includes prevHash. */
  @Column({ type: "char", length: 64 })
  hash!: string;
}
