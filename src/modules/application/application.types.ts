import { Field, ID, Int, ObjectType } from "type-graphql";
import { LocalDateScalar } from "../../graphql/scalars";
import { connectionType, listArgsType, RecordOrderField } from "../../graphql/pagination";
import { Application } from "./application.entity";

/** A page of applications (融资申请列表), `ApplicationConnection` in the schema. */
export const ApplicationConnection = connectionType(Application, "Application", "application");

@ObjectType({ description: "What one run of the need-expiry job did (需求过期处理)." })
export class ExpireFinancingNeedsResult {
  @Field(() => LocalDateScalar, { description: "The day it ran for (执行日期): needs needed by a date before cutoff expired." })
  today!: string;

  @Field(() => LocalDateScalar, { description: "Needs needed by a date before this one (today − grace period) expired (截止日期)." })
  cutoff!: string;

  @Field(() => Int, { description: "How many needs were marked EXPIRED (过期数量)." })
  expiredCount!: number;

  @Field(() => [ID], { description: "Ids of the needs marked EXPIRED by this run (过期需求)." })
  expiredNeedIds!: string[];
}

/** The application list's arguments: page, `orderBy` (ApplicationOrder) and `updatedSince`. */
export const ApplicationListArgs = listArgsType("Application", "application", RecordOrderField);
