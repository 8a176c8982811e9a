import { Field, ID, InputType, Int } from "type-graphql";
import { CertificationLevel, CertificationTier, CreditRating, FirmSize } from "../../domain/enums";
import { DecimalScalar, LocalDateScalar } from "../../graphql/scalars";

@InputType({ description: "A firm to register (企业注册)." })
export class RegisterFirmInput {
  @Field({ description: "统一社会信用代码, 18 characters with a valid check character." })
  creditCode!: string;

  @Field({ description: "Registered name (企业名称), at most 200 characters." })
  name!: string;

  @Field({ description: "GB/T 2260 region code of registration (注册地), 6 digits." })
  regionCode!: string;

  @Field({ description: "GB/T 4754-2017 industry code (行业代码), e.g. C3911." })
  industryCode!: string;

  @Field(() => FirmSize, { description: "Enterprise size class (企业规模)." })
  size!: FirmSize;

  @Field(() => LocalDateScalar, { description: "Date of establishment (成立日期), not in the future." })
  foundedOn!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Last year's revenue, yuan (上年度营业收入)." })
  annualRevenue?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Last year's R&D expense, yuan (研发费用)." })
  rdExpense?: string | null;

  @Field(() => Int, { nullable: true, description: "Granted invention patents (发明专利数), default 0." })
  inventionPatents?: number | null;

  @Field(() => Int, { nullable: true, description: "Employees (从业人员数), default 0." })
  employees?: number | null;

  @Field(() => CreditRating, { nullable: true, description: "Credit rating (信用评级)." })
  creditRating?: CreditRating | null;

  @Field(() => ID, { nullable: true, description: "Paired bank (结对银行), a financial institution id." })
  pairedBankId?: string | null;
}

@InputType({ description: "Changes to a firm's profile (企业信息变更); omitted fields stay as they are. The credit code cannot change." })
export class UpdateFirmInput {
  @Field(() => ID, { description: "The firm to change." })
  id!: string;

  @Field({ nullable: true, description: "New registered name." })
  name?: string;

  @Field({ nullable: true, description: "New region code (6 digits)." })
  regionCode?: string;

  @Field({ nullable: true, description: "New industry code." })
  industryCode?: string;

  @Field(() => FirmSize, { nullable: true, description: "New size class." })
  size?: FirmSize;

  @Field(() => DecimalScalar, { nullable: true, description: "New annual revenue, yuan." })
  annualRevenue?: string;

  @Field(() => DecimalScalar, { nullable: true, description: "New R&D expense, yuan." })
  rdExpense?: string;

  @Field(() => Int, { nullable: true, description: "New invention patent count." })
  inventionPatents?: number;

  @Field(() => Int, { nullable: true, description: "New employee count." })
  employees?: number;

  @Field(() => CreditRating, { nullable: true, description: "New credit rating." })
  creditRating?: CreditRating;

  @Field(() => ID, { nullable: true, description: "New paired bank (结对银行)." })
  pairedBankId?: string;
}

@InputType({ description: "Filters for the firm list (企业筛选); all given filters must hold." })
export class FirmFilter {
  @Field({ nullable: true, description: 'Region code; "330000" matches every firm registered in Zhejiang (prefix rule).' })
  regionCode?: string;

  @Field({ nullable: true, description: "Industry code prefix, e.g. C or C39." })
  industryPrefix?: string;

  @Field({ nullable: true, description: "Part of the name (名称包含), case-insensitive." })
  nameContains?: string;

  @Field(() => CertificationTier, { nullable: true, description: "Only firms whose effective tier today is at least this one." })
  minTier?: CertificationTier;

  @Field(() => CertificationLevel, { nullable: true, description: "Only firms holding an active certification at least at this level." })
  minLevel?: CertificationLevel;
}
