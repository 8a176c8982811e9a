import { createHash } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RateLimitSettings } from "../config/config";
import type { CostReport } from "./limits";
import { rateRefusalDetails } from "./limit-errors";
import { negotiateLocale } from "../i18n";

/**
 * The cost budget (rate-limiter-flexible): each token (or, without one, each client address) may
 * spend `costPerMinute` points per window of 60 s, the window starting with its first request.
 * A GraphQL request pays 1 point on arrival (so unparseable and refused queries count too) and, once
 * its operation is known, the rest of its estimated cost; a lending CSV export pays a fixed cost.
 * With REDIS_URL the budget lives in Redis (keys `<prefix>:<key>`), shared by every instance; if
 * Redis is unreachable or slow (over 250 ms), each instance falls back to an in-memory budget of the
 * same size (the insurance limiter) until Redis answers again: requests are never refused because
 * Redis is down, but N instances then allow up to N times the budget. Without REDIS_URL the budget
 * is in this process's memory.
 */

export const RATE_WINDOW_SECONDS = 60;
/** How long a Redis command may take before the in-memory budget answers instead. */
const REDIS_COMMAND_TIMEOUT_MS = 250;
/** How long a starting app waits for Redis before answering with the in-memory budget. */
const REDIS_CONNECT_WAIT_MS = 2000;

export interface RateBudget {
  /** Points per window. */
  readonly limit: number;
  readonly windowSeconds: number;
  readonly store: "redis" | "memory";
  /** Adds points to the key's spending; `accepted` false when that goes over the budget. */
  consume(key: string, points: number): Promise<Spending>;
  /** Takes points back (a refused charge). */
  refund(key: string, points: number): Promise<void>;
  /** Resolves once Redis is connected (or after REDIS_CONNECT_WAIT_MS without it: the insurance then counts). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface Spending {
  accepted: boolean;
  /** Points spent in the window, this charge included. */
  consumed: number;
  msBeforeReset: number;
}

type Warn = (message: string, error?: unknown) => void;

export function createRateBudget(settings: RateLimitSettings, warn: Warn = defaultWarn): RateBudget {
  const base = { points: settings.costPerMinute, duration: RATE_WINDOW_SECONDS, keyPrefix: settings.keyPrefix };
  let limiter: RateLimiterAbstract;
  let redis: Redis | null = null;
  if (settings.redisUrl) {
    redis = new Redis(settings.redisUrl, { enableOfflineQueue: false, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1 });
    let down = false;
    redis.on("error", (e) => {
      if (down) return;
      down = true;
      warn("rate limit: Redis unreachable, each instance counts in its own memory until it is back", e);
    });
    redis.on("ready", () => {
      if (down) warn("rate limit: Redis reachable again; the budget is shared again");
      down = false;
    });
    limiter = new RateLimiterRedis({ ...base, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(base) });
  } else {
    limiter = new RateLimiterMemory(base);
  }

  const spending = (res: RateLimiterRes, accepted: boolean): Spending => ({ accepted, consumed: res.consumedPoints, msBeforeReset: res.msBeforeNext });
  return {
    limit: settings.costPerMinute,
    windowSeconds: RATE_WINDOW_SECONDS,
    store: redis ? "redis" : "memory",
    async consume(key, points) {
      try {
        return spending(await limiter.consume(key, points), true);
      } catch (e) {
        if (e instanceof RateLimiterRes) return spending(e, false);
        // Neither Redis nor the insurance answered: let the request through rather than refuse everyone.
        warn("rate limit: the budget could not be read; request let through", e);
        return { accepted: true, consumed: points, msBeforeReset: RATE_WINDOW_SECONDS * 1000 };
      }
    },
    async refund(key, points) {
      await limiter.reward(key, points).catch((e: unknown) => warn("rate limit: a refused charge could not be refunded", e));
    },
    ready() {
      const client = redis;
      if (!client || client.status === "ready") return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          client.off("ready", done);
          resolve();
        };
        const timer = setTimeout(done, REDIS_CONNECT_WAIT_MS);
        client.once("ready", done);
      });
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}

/** The budget's key of a request: a hash of its bearer token (never the token), else its address. */
export function budgetKey(req: Request): string {
  const header = req.headers.authorization;
  return header ? `t:${createHash("sha256").update(header).digest("hex")}` : `a:${req.ip}`;
}

/** One request's charge: 1 point on arrival, raised to the operation's cost once it is known. */
export class RateCharge {
  private requested = 1;
  private constructor(
    private readonly budget: RateBudget,
    private readonly key: string,
    private spent: Spending,
    private refusedRequest: number | null,
  ) {}

  /** Charges `points` (1 for a GraphQL request's arrival, the export cost for a CSV). */
  static async open(budget: RateBudget, key: string, points = 1): Promise<RateCharge> {
    const spent = await budget.consume(key, points);
    const charge = new RateCharge(budget, key, spent, spent.accepted ? null : points);
    charge.requested = points;
    return charge;
  }

  get accepted(): boolean {
    return this.refusedRequest === null;
  }

  /** Raises the charge to `cost`; over the budget, the extra is refunded and the charge refused. */
  async raiseTo(cost: number): Promise<{ accepted: boolean; requested: number; remaining: number; limit: number; windowSeconds: number; resetSeconds: number }> {
    const extra = cost - this.requested;
    this.requested = cost;
    if (extra > 0) {
      const spent = await this.budget.consume(this.key, extra);
      if (spent.accepted) {
        this.spent = spent;
      } else {
        await this.budget.refund(this.key, extra);
        this.spent = { ...spent, consumed: spent.consumed - extra };
        this.refusedRequest = cost;
      }
    }
    return { accepted: this.accepted, ...this.figures() };
  }

  /** `extensions.cost` of the response. */
  report(): CostReport {
    const { requested, limit, remaining, resetSeconds } = this.figures();
    return { requested, limit, remaining, resetSeconds };
  }

  /** RateLimit-* (IETF draft) headers, and Retry-After when refused. */
  headers(): Array<[string, string]> {
    const f = this.figures();
    const headers: Array<[string, string]> = [
      ["ratelimit-limit", String(f.limit)],
      ["ratelimit-remaining", String(f.remaining)],
      ["ratelimit-reset", String(f.resetSeconds)],
      ["ratelimit-policy", `${f.limit};w=${f.windowSeconds}`],
    ];
    if (!this.accepted) headers.push(["retry-after", String(f.resetSeconds)]);
    return headers;
  }

  figures(): { requested: number; remaining: number; limit: number; windowSeconds: number; resetSeconds: number } {
    return {
      requested: this.requested,
      remaining: Math.max(0, this.budget.limit - this.spent.consumed),
      limit: this.budget.limit,
      windowSeconds: this.budget.windowSeconds,
      resetSeconds: Math.max(1, Math.ceil(this.spent.msBeforeReset / 1000)),
    };
  }
}

/**
 * Charges a request `points` before it is handled; over the budget it answers 429 with the
 * RateLimit-* headers and Retry-After, as GraphQL errors (`graphql`) or the CSV's `{ code, message }`.
 * The charge is left in `res.locals.rateCharge` for the GraphQL layer to raise to the query's cost.
 */
export function chargeRequest(budget: RateBudget, opts: { points?: number; shape: "graphql" | "plain"; onRefused?: (res: Response) => void }): RequestHandler {
  return async (req, res, next) => {
    const charge = await RateCharge.open(budget, budgetKey(req), opts.points ?? 1);
    for (const [name, value] of charge.headers()) res.setHeader(name, value);
    if (!charge.accepted) {
      opts.onRefused?.(res);
      const { message: text, details } = rateRefusalDetails(charge.figures());
      const message = text.in(negotiateLocale(req.headers["accept-language"]));
      res.status(429).json(opts.shape === "graphql" ? { errors: [{ message, extensions: { code: "RATE_LIMITED", ...details } }] } : { code: "RATE_LIMITED", message, ...details });
      return;
    }
    res.locals.rateCharge = charge;
    next();
  };
}

export function rateChargeOf(res: Response): RateCharge | undefined {
  return res.locals.rateCharge instanceof RateCharge ? res.locals.rateCharge : undefined;
}

function defaultWarn(message: string, error?: unknown): void {
  console.warn(`[srdi-match] ${message}${error ? `: ${String(error)}` : ""}`);
}
