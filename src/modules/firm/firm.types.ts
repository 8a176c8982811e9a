import { Field, ObjectType } from "type-graphql";
import { CertificationLevel, CertificationTier, FirmWarningCode } from "../../domain/enums";
import { connectionType, listArgsType, NamedRecordOrderField } from "../../graphql/pagination";
import { Certification } from "../certification/certification.entity";
import { Firm } from "./firm.entity";

@ObjectType({ description: "A firm's effective tier on a date (有效梯度): its highest certification in force, tie-broken by level." })
export class EffectiveTier {
  @Field(() => CertificationTier, { description: "Tier of the certification in force (梯度)." })
  tier!: CertificationTier;

  @Field(() => CertificationLevel, { description: "Level of that certification (认定层级)." })
  level!: CertificationLevel;

  @Field(() => Certification, { description: "The certification that gives the tier (依据的认定)." })
  certification!: Certification;
}

@ObjectType({ description: "Something an accepted firm record has that a person should check (企业信息提示); the record stands." })
export class FirmWarning {
  @Field(() => FirmWarningCode, { description: "What the warning is about (提示类型)." })
  code!: FirmWarningCode;

  @Field({ description: "A sentence saying what differs and what to check." })
  message!: string;
}

export const FirmConnection = connectionType(Firm, "Firm", "firm");

/** The firm list's arguments: page, `orderBy` (FirmOrder) and `updatedSince`. */
export const FirmListArgs = listArgsType("Firm", "firm", NamedRecordOrderField);
