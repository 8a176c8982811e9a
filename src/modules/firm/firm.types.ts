import { Field, ObjectType } from "type-graphql";
import { CertificationLevel, CertificationTier } from "../../domain/enums";
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

export const FirmConnection = connectionType(Firm, "Firm", "firm");

/** The firm list's arguments: page, `orderBy` (FirmOrder) and `updatedSince`. */
export const FirmListArgs = listArgsType("Firm", "firm", NamedRecordOrderField);
