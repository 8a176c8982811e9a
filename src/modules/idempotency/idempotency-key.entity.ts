import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * One used idempotency key (幂等键): the first request that used it, by whom and for which
 * operation, the hash of its canonical input and the id of the record it produced. Written by
 * `withIdempotency` (idempotency.service.ts) in the transaction of that first request, so a key
 * exists exactly when its result does.
 */
@Entity({ name: "idempotency_key" })
export class IdempotencyKey {
  /** Whose key: "org:<organisation id>" or, for callers without one, "sub:<token subject>". */
  @PrimaryColumn({ type: "varchar", length: 160 })
  scope!: string;

  /** The mutation's name, e.g. "submitFinancingNeed". */
  @PrimaryColumn({ type: "varchar", length: 60 })
  operation!: string;

  /** The key the client sent. */
  @PrimaryColumn({ type: "varchar", length: 100 })
  key!: string;

  /** sha256 (hex) of the canonical input of the first request (src/domain/idempotency.ts). */
  @Column({ type: "char", length: 64 })
  requestHash!: string;

  /** The id of the record the first request produced; set before its transaction commits. */
  @Column({ type: "varchar", length: 64, nullable: true })
  recordId!: string | null;

  @Column({ type: "timestamptz", precision: 3, default: () => "now()" })
  createdAt!: Date;
}
