import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Role } from "../../domain/access";
import { connectionType } from "../../graphql/pagination";
import { AuditBreakReason } from "./audit.service";

registerEnumType(Role, {
  name: "Role",
  description: "The role a token grants (角色), see docs/access.md.",
  valuesConfig: {
    FIRM: { description: "企业端: a firm acting for itself." },
    BANK: { description: "银行端: a financial institution." },
    GUARANTOR: { description: "担保机构: a government financing-guarantee agency." },
    BUREAU: { description: "工信/金融局: an industry or finance bureau of a region." },
    REGULATOR: { description: "监管: a regulator of a region, read-only." },
    ADMIN: { description: "平台运营: the platform operator." },
  },
});

registerEnumType(AuditBreakReason, {
  name: "AuditBreakReason",
  description: "Why a link of the audit chain is broken (审计链断裂原因).",
  valuesConfig: {
    HASH_MISMATCH: { description: "The stored hash is not the hash of the event's content: the event or its hash was changed (内容被篡改)." },
    PREV_HASH_MISMATCH: {
      description: "The event does not point at the hash of the event before it: an event was removed, inserted or reordered (链接断裂).",
    },
    HEAD_MISMATCH: { description: "The chain head does not match the last event: events were removed from the end (链尾被截断)." },
  },
});

/** The GraphQL view of an audit_event row (the entity has no GraphQL decorators). */
@ObjectType("AuditEvent", { description: "One entry of the tamper-evident audit trail (审计事件): who changed which record how, and when." })
export class AuditEventNode {
  @Field(() => ID, { description: "Position in the hash chain (链上序号), gapless from 1." })
  id!: string;

  @Field({ description: "When the event was written (发生时间), ISO 8601 instant." })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: "The acting user or service account, the token's subject (操作人)." })
  actorId!: string | null;

  @Field(() => Role, { description: "The actor's role (操作人角色)." })
  actorRole!: Role;

  @Field(() => ID, { nullable: true, description: "The actor's organisation (操作机构): its firm, bank or guarantee agency; null for bureaus, regulators and admins." })
  orgId!: string | null;

  @Field(() => String, { nullable: true, description: "For a BUREAU or REGULATOR actor: the jurisdiction of its token (操作人辖区)." })
  actorRegionCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The region the event concerns (所属地区), which regional readers are scoped by: the record's region, else its firm's, need's, agency's or bank's, else the actor's; null for platform-wide records such as LPR rates.",
  })
  regionCode!: string | null;

  @Field({ description: 'The mutation that wrote the event (操作), e.g. "submitFinancingNeed".' })
  operation!: string;

  @Field({ description: 'The type of the changed record (记录类型), e.g. "FinancingNeed".' })
  recordType!: string;

  @Field({ description: "The changed record's id (记录ID)." })
  recordId!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The record before the change (变更前); null when it was created." })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The record after the change (变更后); null when it was deleted." })
  after!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: "The id of the API request that made the change (请求ID)." })
  requestId!: string | null;

  @Field(() => String, { nullable: true, description: "Hash of the previous event (前一事件哈希), hex sha256; null for the first event." })
  prevHash!: string | null;

  @Field({ description: "This event's hash (事件哈希): hex sha256 over its canonical content and prevHash." })
  hash!: string;
}

export const AuditEventConnection = connectionType(AuditEventNode, "AuditEvent", "audit event");

@InputType("AuditEventFilter", { description: "Filters for the audit trail (审计日志筛选); all given filters must hold." })
export class AuditEventFilterInput {
  @Field(() => String, { nullable: true, description: 'Only events on records of this type (记录类型), e.g. "FinancingNeed".' })
  recordType?: string | null;

  @Field(() => String, { nullable: true, description: "Only events on the record with this id (记录ID)." })
  recordId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events of this mutation (操作), e.g. "updateLoanProduct".' })
  operation?: string | null;

  @Field(() => Role, { nullable: true, description: "Only events by actors of this role (操作人角色)." })
  actorRole?: Role | null;

  @Field(() => ID, { nullable: true, description: "Only events by users of this organisation (操作机构)." })
  orgId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events concerning this region (所属地区); "330000" matches every code starting "33".' })
  regionCode?: string | null;

  @Field(() => Date, { nullable: true, description: "Only events at or after this instant (起始时间)." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Only events at or before this instant (截止时间)." })
  to?: Date | null;
}

@ObjectType({ description: "The first broken link of the audit chain (审计链断点)." })
export class AuditBrokenLink {
  @Field(() => ID, { description: "The event where the chain breaks (断裂事件)." })
  eventId!: string;

  @Field(() => AuditBreakReason, { description: "Why it breaks (断裂原因)." })
  reason!: AuditBreakReason;

  @Field(() => String, { nullable: true, description: "The hash the chain expects there (应有哈希): the recomputed hash, or the previous event's hash." })
  expectedHash!: string | null;

  @Field(() => String, { nullable: true, description: "The hash stored there (实存哈希): the event's hash or prevHash." })
  storedHash!: string | null;
}

@ObjectType({ description: "The result of walking the whole audit chain (审计链校验结果)." })
export class AuditVerification {
  @Field({ description: "Whether every event's hash and link checked out (校验通过)." })
  ok!: boolean;

  @Field(() => Int, { description: "How many events were checked (已校验事件数), up to and including a broken one." })
  eventsChecked!: number;

  @Field(() => ID, { nullable: true, description: "The last event checked (最后校验事件); null for an empty trail." })
  lastEventId!: string | null;

  @Field(() => AuditBrokenLink, { nullable: true, description: "The first broken link (首个断点); null when ok." })
  firstBrokenLink!: AuditBrokenLink | null;
}
