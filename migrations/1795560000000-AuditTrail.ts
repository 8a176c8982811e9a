import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The tamper-evident audit trail and the idempotency keys (issue 5; docs/architecture.md, "Audit
 * trail" and "Idempotency").
 *
 * audit_event becomes append-only and hash-chained, both enforced by the database itself:
 * - `trg_audit_event_append_only` (statement level) refuses every UPDATE, DELETE and TRUNCATE.
 * - `trg_audit_event_chain` (BEFORE INSERT, row level) locks the one row of `audit_chain_head`
 *   FOR UPDATE, so appends are serialised until the appending transaction ends; under that lock it
 *   takes the next id (head.last_id + 1: gapless, and id order = chain order = commit order),
 *   stamps occurred_at with clock_timestamp(), sets prev_hash to the head's last hash (null for the
 *   first event), computes hash = audit_event_hash(row) and moves the head. A rolled-back
 *   transaction rolls the head back with it.
 * - audit_event_canonical(row) is the one definition of the hashed text: the JSON array
 *   ["srdi-audit-v1", id, occurred_at (UTC, microseconds), actor_id, actor_role, org_id,
 *   actor_region_code, region_code, operation, record_type, record_id, before, after, request_id,
 *   prev_hash] as jsonb text (jsonb's text form is canonical: keys ordered, whitespace fixed), and
 *   audit_event_hash = hex(sha256(utf8(canonical))). verifyAuditTrail recomputes it with the same
 *   function, event by event in id order.
 * - audit_chain_head itself may only be changed by the chain trigger (pg_trigger_depth() > 1).
 *
 * idempotency_key: one row per (scope, operation, key), written before the first request's change
 * in the same transaction; its primary key makes concurrent first uses of a key wait for each
 * other (see src/modules/idempotency/idempotency.service.ts).
 */
export class AuditTrail1795560000000 implements MigrationInterface {
  name = "AuditTrail1795560000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_key" ("scope" character varying(160) NOT NULL, "operation" character varying(60) NOT NULL, "key" character varying(100) NOT NULL, "request_hash" character(64) NOT NULL, "record_id" character varying(64), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f24e4ee3edbf08e05e90db29fa3" PRIMARY KEY ("scope", "operation", "key"))`,
    );
    await queryRunner.query(`ALTER TABLE "audit_event" ADD "actor_region_code" character(6)`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_occurred_at" ON "audit_event"  ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_org" ON "audit_event"  ("org_id", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_region_prefix" ON "audit_event" ("region_code" bpchar_pattern_ops, "id")`);

    await queryRunner.query(`
      CREATE TABLE "audit_chain_head" (
        "id" smallint NOT NULL DEFAULT 1,
        "last_id" bigint NOT NULL DEFAULT 0,
        "last_hash" character(64),
        CONSTRAINT "pk_audit_chain_head" PRIMARY KEY ("id"),
        CONSTRAINT "chk_audit_chain_head_one_row" CHECK ("id" = 1)
      )`);

    await queryRunner.query(`
      CREATE FUNCTION audit_event_canonical(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_array(
          'srdi-audit-v1',
          e.id::text,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_id::text,
          e.actor_role::text,
          e.org_id::text,
          e.actor_region_code::text,
          e.region_code::text,
          e.operation::text,
          e.record_type::text,
          e.record_id::text,
          e.before,
          e.after,
          e.request_id::text,
          e.prev_hash::text
        )::text
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_hash(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(audit_event_canonical(e), 'UTF8')), 'hex')
      $$`);

    // Chain what is already there (nothing on a fresh database), in id order, before the guards exist.
    await queryRunner.query(`
      DO $$
      DECLARE
        r audit_event;
        previous text := NULL;
        last bigint := 0;
      BEGIN
        FOR r IN SELECT * FROM audit_event ORDER BY id LOOP
          r.prev_hash := previous;
          previous := audit_event_hash(r);
          UPDATE audit_event SET prev_hash = r.prev_hash, hash = previous WHERE id = r.id;
          last := r.id;
        END LOOP;
        INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, last, previous);
      END $$`);

    await queryRunner.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit_chain_head has no row: the audit trail cannot be appended to'
            USING HINT = 'Restore the chain head from the last audit_event (id, hash).';
        END IF;
        NEW.id := head.last_id + 1;
        NEW.occurred_at := clock_timestamp();
        NEW.prev_hash := head.last_hash;
        NEW.hash := audit_event_hash(NEW);
        UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_audit_event_chain BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);

    await queryRunner.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is refused', TG_OP
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'The audit trail can only be appended to (recordAudit); a correction is a new event.';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`);

    await queryRunner.query(`
      CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
          RETURN NEW; -- the chain trigger moving the head
        END IF;
        RAISE EXCEPTION 'audit_chain_head is maintained by the audit trail itself: % is refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_audit_chain_head_guard BEFORE UPDATE OR DELETE ON audit_chain_head
      FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()`);
    await queryRunner.query(`
      CREATE TRIGGER trg_audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_guard()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_audit_chain_head_no_truncate ON audit_chain_head`);
    await queryRunner.query(`DROP TRIGGER trg_audit_chain_head_guard ON audit_chain_head`);
    await queryRunner.query(`DROP FUNCTION audit_chain_head_guard()`);
    await queryRunner.query(`DROP TRIGGER trg_audit_event_append_only ON audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_refuse_change()`);
    await queryRunner.query(`DROP TRIGGER trg_audit_event_chain ON audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_event_hash(audit_event)`);
    await queryRunner.query(`DROP FUNCTION audit_event_canonical(audit_event)`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_event_region_prefix"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_event_org"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_event_occurred_at"`);
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "actor_region_code"`);
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
  }
}
