import { Field, ObjectType } from "type-graphql";
import { Role } from "../../domain/access";
import "../audit/audit.types"; // registers the Role enum

/** Who the caller is, from its verified token (docs/access.md). */
@ObjectType("Viewer", { description: "The caller as its token names it (当前用户): subject, role, organisation, jurisdiction and expiry." })
export class ViewerInfo {
  @Field({ description: "The token's subject (`sub`): the user or service account at the identity provider (用户标识)." })
  subject!: string;

  @Field(() => Role, { description: "The role the token grants (角色)." })
  role!: Role;

  /** The token's orgId claim; the organisation fields load the record from it. */
  orgId!: string | null;

  @Field(() => String, { nullable: true, description: "BUREAU and REGULATOR: the 6-digit GB/T 2260 code of the jurisdiction (辖区代码); null for other roles." })
  regionCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "A FIRM onboarding token: the 统一社会信用代码 it may register with `registerFirm` (入驻信用代码); null otherwise.",
  })
  onboardingCreditCode!: string | null;

  @Field(() => Date, { nullable: true, description: "When the token expires (令牌到期时间, its `exp` claim); null for a token without expiry." })
  tokenExpiresAt!: Date | null;
}
