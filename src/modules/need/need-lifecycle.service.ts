import { randomUUID } from "node:crypto";
import { In, type DataSource } from "typeorm";
import { Role } from "../../domain/access";
import { ACTIVE_STATUSES } from "../../domain/application-workflow";
import { toChinaDate, type LocalDate } from "../../domain/dates";
import { FinancingNeedStatus } from "../../domain/enums";
import { needExpiryCutoff } from "../../domain/need-rules";
import { recordAudit, type AuditActor } from "../audit/audit.service";
import { authorize } from "../auth/access";
import { FinancingNeed } from "./financing-need.entity";

/** What one expiry run did. */
export interface NeedExpiryResult {
  today: LocalDate;
  /** Needs needed by a date before this one were due to expire (today − NEED_EXPIRY_GRACE_DAYS). */
  cutoff: LocalDate;
  expiredCount: number;
  expiredNeedIds: string[];
}

/** Needs expired per transaction: bounds the locks held and the size of one audit burst. */
export const NEED_EXPIRY_BATCH_SIZE = 500;
/** How often the server runs the expiry job (it also runs once at start). */
export const NEED_EXPIRY_INTERVAL_MS = 60 * 60 * 1000;

/** The actor the scheduled job writes its audit events as. */
export function needExpiryJobActor(): AuditActor {
  return {
    viewer: { subject: "system:need-expiry-job", role: Role.ADMIN, orgId: null, regionCode: null, creditCode: null },
    requestId: `need-expiry-${randomUUID()}`,
  };
}

/**
 * 需求过期 (need lifecycle, docs/workflow.md): an OPEN or MATCHED need expires when today is later
 * than its needed-by date plus the grace period (src/domain/need-rules.ts) — unless an application
 * on it is still live (SUBMITTED, UNDER_REVIEW or APPROVED): a docking in progress is closed by its
 * parties (approve/reject/withdraw), and the need expires on the next run after that.
 *
 * Reads never show a stale need as open for long: the job runs at start and every hour
 * (`scheduleNeedExpiry`), an ADMIN may run it at once (`expireFinancingNeeds`), and applyForProduct
 * refuses an expired need even before the job has marked it.
 */
export class NeedLifecycleService {
  constructor(readonly ds: DataSource) {}

  /** The ADMIN mutation `expireFinancingNeeds`. */
  async expireNeeds(actor: AuditActor, today: LocalDate): Promise<NeedExpiryResult> {
    authorize(actor.viewer, "expireFinancingNeeds");
    return this.runExpiry(actor, today);
  }

  /**
   * Marks every due need EXPIRED, NEED_EXPIRY_BATCH_SIZE per transaction, each with an audit event.
   * Rows locked by a concurrent transaction (a firm applying, withdrawing) are skipped (SKIP LOCKED)
   * and left to the next run, so the job never waits on a user and two runs never deadlock.
   */
  async runExpiry(actor: AuditActor, today: LocalDate): Promise<NeedExpiryResult> {
    const cutoff = needExpiryCutoff(today);
    const expiredNeedIds: string[] = [];
    for (;;) {
      const batch = await this.ds.transaction(async (em) => {
        const rows: Array<{ id: string; firm_id: string; status: FinancingNeedStatus; region_code: string }> = await em.query(
          `SELECT n.id, n.firm_id, n.status, n.region_code FROM financing_need n
            WHERE n.status = ANY($1::financing_need_status[]) AND n.needed_by < $2::date
              AND NOT EXISTS (SELECT 1 FROM application a WHERE a.need_id = n.id AND a.status = ANY($3::application_status[]))
            ORDER BY n.id
            LIMIT $4
            FOR UPDATE OF n SKIP LOCKED`,
          [[FinancingNeedStatus.OPEN, FinancingNeedStatus.MATCHED], cutoff, [...ACTIVE_STATUSES], NEED_EXPIRY_BATCH_SIZE],
        );
        if (rows.length === 0) return rows;
        await em.getRepository(FinancingNeed).update({ id: In(rows.map((r) => r.id)) }, { status: FinancingNeedStatus.EXPIRED });
        for (const r of rows) {
          await recordAudit(em, actor, {
            operation: "expireFinancingNeeds",
            recordType: "FinancingNeed",
            recordId: r.id,
            before: { id: r.id, firmId: r.firm_id, status: r.status },
            after: { id: r.id, firmId: r.firm_id, status: FinancingNeedStatus.EXPIRED, expiredOn: today },
            regionCode: r.region_code,
          });
        }
        return rows;
      });
      expiredNeedIds.push(...batch.map((r) => r.id));
      if (batch.length < NEED_EXPIRY_BATCH_SIZE) break;
    }
    return { today, cutoff, expiredCount: expiredNeedIds.length, expiredNeedIds };
  }
}

/**
 * Runs the expiry job now and then every `intervalMs` on the China calendar date of the moment,
 * logging what it did and any failure (a failed run is retried on the next tick). Returns a
 * function that stops the schedule.
 */
export function scheduleNeedExpiry(
  service: NeedLifecycleService,
  options: { intervalMs?: number; log?: (message: string, error?: unknown) => void } = {},
): () => void {
  const log = options.log ?? ((message: string, error?: unknown) => (error ? console.error(message, error) : console.log(message)));
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const result = await service.runExpiry(needExpiryJobActor(), toChinaDate(new Date()));
      if (result.expiredCount > 0) log(`Need expiry: ${result.expiredCount} need(s) needed by a date before ${result.cutoff} marked EXPIRED.`);
    } catch (error) {
      log("Need expiry failed; it runs again at the next interval:", error);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), options.intervalMs ?? NEED_EXPIRY_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
