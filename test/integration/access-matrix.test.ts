import fs from "node:fs";
import path from "node:path";
import { randomInt, randomUUID } from "node:crypto";
import { Role } from "../../src/domain/access";
import { ApplicationStatus, GuaranteeDecision } from "../../src/domain/enums";
import { encodeGlobalId } from "../../src/domain/global-id";
import { getSchema } from "../../src/graphql/schema";
import { Application } from "../../src/modules/application/application.entity";
import {
  agencyInput,
  agreementInput,
  buildAccessWorld,
  certificationInput,
  createCertification,
  createNeed,
  createProduct,
  firmInput,
  freshCreditCode,
  freshDate,
  needInput,
  policyInput,
  productInput,
  unique,
  type AccessWorld,
  type Tenant,
} from "../support/access-fixtures";
import { startTestApp, type ApiClient, type GraphQLResponse, type TestApp } from "../support/test-app";
import { freshTenantLoan, insertApprovedApplication, tenantLoan, tenantRenewalProduct } from "../support/loan-fixtures";
import { toChinaDate } from "../../src/domain/dates";

/**
 * Holds the code to the access matrix of docs/access.md: every query and mutation, run as every
 * role against an own-tenant, an other-tenant and an other-region record, must answer what its
 * cell says. A failing test is named "<operation> as <ROLE> (<cell>)" and its diff names the target.
 */

// ---------------------------------------------------------------------------------------------
// The matrix, read from the spec.

const ROLES: readonly Role[] = [Role.FIRM, Role.BANK, Role.GUARANTOR, Role.BUREAU, Role.REGULATOR, Role.ADMIN];
const NEVER = "—";
const CELLS = ["all", "own", "region", "related", "visible", "requested", "serving", "partners", "onboarding", NEVER] as const;
type Cell = (typeof CELLS)[number];

function parseMatrix(markdown: string): Map<string, Record<Role, string>> {
  const lines = markdown.split("\n").map((l) => l.trim());
  const header = lines.findIndex((l) => /^\|\s*operation\s*\|/.test(l));
  if (header < 0) throw new Error("docs/access.md has no '| operation | FIRM | … |' table.");
  const columns = lines[header]!.split("|").slice(1, -1).map((c) => c.trim());
  if (columns.join(",") !== ["operation", ...ROLES].join(",")) {
    throw new Error(`The matrix header of docs/access.md is '${lines[header]}'; expected the columns operation, ${ROLES.join(", ")}.`);
  }
  const rows = new Map<string, Record<Role, string>>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim().replace(/`/g, ""));
    const [operation, ...byRole] = cells;
    if (rows.has(operation!)) throw new Error(`docs/access.md lists ${operation} twice.`);
    rows.set(operation!, Object.fromEntries(ROLES.map((r, i) => [r, byRole[i] ?? ""])) as Record<Role, string>);
  }
  return rows;
}

const MATRIX = parseMatrix(fs.readFileSync(path.join(__dirname, "..", "..", "docs", "access.md"), "utf8"));
const CASES: Array<[string, Role, string]> = [...MATRIX].flatMap(([operation, cells]) => ROLES.map((role): [string, Role, string] => [operation, role, cells[role]]));

// ---------------------------------------------------------------------------------------------
// Targets and expected outcomes.

type TargetName = "own (tenant A)" | "other tenant (B)" | "other region (C)";
const TARGETS: ReadonlyArray<{ name: TargetName; tenant: (w: AccessWorld) => Tenant }> = [
  { name: "own (tenant A)", tenant: (w) => w.A },
  { name: "other tenant (B)", tenant: (w) => w.B },
  { name: "other region (C)", tenant: (w) => w.C },
];

/** Is the operation allowed on this target, by the cell? Null target: an operation without one. */
function allowedBy(cell: Cell, target: TargetName | null): boolean {
  if (cell === "all") return true;
  if (cell === NEVER) return false;
  if (target === null) throw new Error(`The cell '${cell}' needs a target record, but the operation takes none.`);
  switch (cell) {
    case "own":
    case "related":
    case "visible":
    case "requested":
    case "partners":
    case "onboarding":
      return target === "own (tenant A)";
    case "region":
    case "serving":
      return target !== "other region (C)";
  }
}

// ---------------------------------------------------------------------------------------------
// How each operation is attempted, and how its outcome reads.

interface Env {
  t: TestApp;
  w: AccessWorld;
}

/** One ready attempt: the operation with its variables, and for writes a probe of what it would change. */
interface Attempt {
  query: string;
  variables: Record<string, unknown>;
  /** Reads: what the answer means ("allowed", "listed", "absent" or an error code). */
  read?: (res: GraphQLResponse) => string;
  /** Writes: a snapshot of the rows the mutation would change (row count or the record itself). */
  probe?: () => Promise<unknown>;
  /** Overrides the role's client (onboarding tokens). */
  client?: ApiClient;
}

interface Driver {
  kind: "query" | "mutation";
  targeted: boolean;
  /** What an allowed and a denied attempt answer (the denial may depend on the caller's role). */
  allowed: string;
  denied: string | ((role: Role) => string);
  prepare(env: Env, role: Role, x: Tenant | null): Promise<Attempt>;
}

/**
 * How a report that lists records (lendingAnomalies, quotaUtilization) denies a target: FIRM and
 * GUARANTOR callers are refused outright, a BANK naming another bank in `bankIds` too (FORBIDDEN);
 * a REGULATOR or BUREAU answers, without the records outside its region.
 */
function reportDenial(role: Role): string {
  return role === Role.REGULATOR || role === Role.BUREAU ? "absent" : "FORBIDDEN";
}

function errorOutcome(res: GraphQLResponse): string {
  const error = res.errors![0]!;
  const code = String(error.extensions?.code);
  return code === "NOT_FOUND" || code === "FORBIDDEN" ? code : `${code}: ${error.message}`;
}

/** A query of one record by id (or credit code): the record comes back, or NOT_FOUND. */
function byId(op: string, argType: string, arg: (x: Tenant, w: AccessWorld) => { value: string; id: string }, argName = "id"): Driver {
  return {
    kind: "query",
    targeted: true,
    allowed: "allowed",
    denied: "NOT_FOUND",
    async prepare({ w }, _role, x) {
      const { value, id } = arg(x!, w);
      return {
        query: `query($v: ${argType}) { ${op}(${argName}: $v) { id } }`,
        variables: { v: value },
        read: (res) => (res.errors?.length ? errorOutcome(res) : (res.data as any)?.[op]?.id === id ? "allowed" : `another record: ${JSON.stringify(res.data)}`),
      };
    },
  };
}

/** A list with a filter that would include the target, first: 100: the target is listed or absent. */
function list(op: string, filterType: string, filter: (x: Tenant | null, w: AccessWorld) => Record<string, unknown>, id: (x: Tenant | null, w: AccessWorld) => string, targeted = true): Driver {
  return {
    kind: "query",
    targeted,
    allowed: "listed",
    denied: "absent",
    async prepare({ w }, _role, x) {
      const wanted = id(x, w);
      return {
        query: `query($filter: ${filterType}) { ${op}(first: 100, filter: $filter) { edges { node { id } } } }`,
        variables: { filter: filter(x, w) },
        read: (res) => {
          if (res.errors?.length) return errorOutcome(res);
          const ids = ((res.data as any)[op].edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
          return ids.includes(wanted) ? "listed" : "absent";
        },
      };
    },
  };
}

/**
 * A matching query about the target tenant's records: answered (the driver's `allowed`, when
 * `answered` reads the data so) or an error. Every tenant's need and product form a pair its firm
 * may see (the product is active and serves the firm's region) and its need names its own bank.
 */
function matching(op: string, params: string, selection: string, variables: (x: Tenant) => Record<string, unknown>, answered: (data: any, x: Tenant) => boolean): Driver {
  return {
    kind: "query",
    targeted: true,
    allowed: "allowed",
    denied: "NOT_FOUND",
    async prepare(_env, _role, x) {
      const args = Object.keys(variables(x!)).map((k) => `${k}: $${k}`).join(", ");
      return {
        query: `query(${params}) { ${op}(${args}) ${selection} }`,
        variables: variables(x!),
        read: (res) => (res.errors?.length ? errorOutcome(res) : answered((res.data as any)?.[op], x!) ? "allowed" : `unexpected answer: ${JSON.stringify(res.data)}`),
      };
    },
  };
}

const count = (env: Env, table: string) => async () => (await env.t.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
const row = (env: Env, table: string, id: string) => async () => (await env.t.ds.query(`SELECT to_jsonb(x) AS r FROM ${table} x WHERE x.id = $1`, [id]))[0]?.r ?? null;

/** A mutation: success and the write happened, or FORBIDDEN and nothing written. */
function mutation(
  op: string,
  inputType: string,
  targeted: boolean,
  prepare: (env: Env, role: Role, x: Tenant | null) => Promise<{ input: Record<string, unknown>; probe: () => Promise<unknown>; client?: ApiClient }>,
): Driver {
  return {
    kind: "mutation",
    targeted,
    allowed: "allowed",
    denied: "FORBIDDEN",
    async prepare(env, role, x) {
      const { input, probe, client } = await prepare(env, role, x);
      return { query: `mutation($input: ${inputType}!) { ${op}(input: $input) { id } }`, variables: { input }, probe, ...(client ? { client } : {}) };
    },
  };
}

const DRIVERS: Record<string, Driver> = {
  firm: byId("firm", "ID!", (x) => ({ value: x.firmId, id: x.firmId })),
  firmByCreditCode: byId("firmByCreditCode", "String!", (x) => ({ value: x.firmCreditCode, id: x.firmId }), "creditCode"),
  firms: list("firms", "FirmFilter", (x) => ({ nameContains: x!.firmName }), (x) => x!.firmId),
  certification: byId("certification", "ID!", (x) => ({ value: x.certificationId, id: x.certificationId })),
  financialInstitution: byId("financialInstitution", "ID!", (x) => ({ value: x.bankId, id: x.bankId })),
  financialInstitutions: list("financialInstitutions", "FinancialInstitutionFilter", (x) => ({ nameContains: x!.bankName }), (x) => x!.bankId),
  loanProduct: byId("loanProduct", "ID!", (x) => ({ value: x.productId, id: x.productId })),
  loanProducts: list("loanProducts", "LoanProductFilter", (x) => ({ institutionId: x!.bankId }), (x) => x!.productId),
  lprRates: list("lprRates", "LprRateFilter", (_x, w) => ({ tenor: w.lpr.tenor, from: w.lpr.effectiveOn, to: w.lpr.effectiveOn }), (_x, w) => w.lpr.id, false),
  guaranteeAgency: byId("guaranteeAgency", "ID!", (x) => ({ value: x.agencyId, id: x.agencyId })),
  guaranteeAgencies: list("guaranteeAgencies", "GuaranteeAgencyFilter", (x) => ({ nameContains: x!.agencyName }), (x) => x!.agencyId),
  guaranteeAgreement: byId("guaranteeAgreement", "ID!", (x) => ({ value: x.agreementId, id: x.agreementId })),
  guaranteeAgreements: list("guaranteeAgreements", "GuaranteeAgreementFilter", (x) => ({ agencyId: x!.agencyId }), (x) => x!.agreementId),
  incentivePolicy: byId("incentivePolicy", "ID!", (x) => ({ value: x.policyId, id: x.policyId })),
  incentivePolicies: list("incentivePolicies", "IncentivePolicyFilter", (x) => ({ regionCode: x!.firmRegionCode }), (x) => x!.policyId),
  financingNeed: byId("financingNeed", "ID!", (x) => ({ value: x.needId, id: x.needId })),
  financingNeeds: list("financingNeeds", "FinancingNeedFilter", (x) => ({ firmId: x!.firmId }), (x) => x!.needId),
  matchesForNeed: matching("matchesForNeed", "$needId: ID!", "{ product { id } }", (x) => ({ needId: x.needId }), (data) => Array.isArray(data)),
  productMatches: matching("productMatches", "$needId: ID!", "{ totalCount edges { node { product { id } } } }", (x) => ({ needId: x.needId }), (data) => Array.isArray(data?.edges)),
  explainMatch: matching(
    "explainMatch",
    "$needId: ID!, $productId: ID!",
    "{ product { id } eligible }",
    (x) => ({ needId: x.needId, productId: x.productId }),
    (data, x) => data?.product?.id === x.productId,
  ),
  matchingNeeds: matching("matchingNeeds", "$productId: ID!", "{ totalCount edges { node { id } } }", (x) => ({ productId: x.productId }), (data) => Array.isArray(data?.edges)),
  auditEvents: {
    // The target is an audit event the tenant's own organisation caused (FIRM: its need's
    // submission; BANK: its product's creation; GUARANTOR: its agreement's creation) and, for the
    // other roles, the need's submission, whose region is the tenant firm's.
    kind: "query",
    targeted: true,
    allowed: "listed",
    denied: "absent",
    async prepare({ t }, role, x) {
      const [recordId, operation] =
        role === Role.BANK
          ? [x!.productId, "createLoanProduct"]
          : role === Role.GUARANTOR
            ? [x!.agreementId, "createGuaranteeAgreement"]
            : [x!.needId, "submitFinancingNeed"];
      const [event] = await t.ds.query(`SELECT id::text AS id FROM audit_event WHERE record_id = $1 AND operation = $2`, [recordId, operation]);
      if (!event) throw new Error(`No audit event of ${operation} ${recordId}: the fixture's mutations must write one.`);
      return {
        query: `query($filter: AuditEventFilter) { auditEvents(first: 100, filter: $filter) { edges { node { id } } } }`,
        variables: { filter: { recordId } },
        read: (res) => {
          if (res.errors?.length) return errorOutcome(res);
          const ids = ((res.data as any).auditEvents.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
          return ids.includes(event.id) ? "listed" : "absent";
        },
      };
    },
  },
  // Who am I (docs/access.md): every valid token, about itself.
  viewer: {
    kind: "query",
    targeted: false,
    allowed: "allowed",
    denied: "FORBIDDEN",
    async prepare(_env, role) {
      return {
        query: `query { viewer { subject role } }`,
        variables: {},
        read: (res) => (res.errors?.length ? errorOutcome(res) : (res.data as any).viewer.role === role ? "allowed" : `another caller: ${JSON.stringify(res.data)}`),
      };
    },
  },
  // Global ids follow the record's by-id scope: node is driven with the tenant's firm (the `firm`
  // row), nodes with its need and firm (the `financingNeed` row); outside the scope the entry is null.
  node: {
    kind: "query",
    targeted: true,
    allowed: "allowed",
    denied: "absent",
    async prepare(_env, _role, x) {
      const id = encodeGlobalId("Firm", x!.firmId);
      return {
        query: `query($id: ID!) { node(id: $id) { id ... on Firm { name } } }`,
        variables: { id },
        read: (res) => (res.errors?.length ? errorOutcome(res) : (res.data as any).node === null ? "absent" : (res.data as any).node.name === x!.firmName ? "allowed" : `another record: ${JSON.stringify(res.data)}`),
      };
    },
  },
  nodes: {
    kind: "query",
    targeted: true,
    allowed: "allowed",
    denied: "absent",
    async prepare(_env, _role, x) {
      return {
        query: `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on FinancingNeed { amount } } }`,
        variables: { ids: [encodeGlobalId("FinancingNeed", x!.needId)] },
        read: (res) => (res.errors?.length ? errorOutcome(res) : (res.data as any).nodes[0] === null ? "absent" : (res.data as any).nodes[0].__typename === "FinancingNeed" ? "allowed" : `unexpected: ${JSON.stringify(res.data)}`),
      };
    },
  },
  verifyAuditTrail: {
    kind: "query",
    targeted: false,
    allowed: "allowed",
    denied: "FORBIDDEN",
    async prepare() {
      return {
        query: `query { verifyAuditTrail { ok eventsChecked } }`,
        variables: {},
        read: (res) =>
          res.errors?.length ? errorOutcome(res) : (res.data as any).verifyAuditTrail.ok === true ? "allowed" : `broken chain: ${JSON.stringify(res.data)}`,
      };
    },
  },

  // Reports (docs/reporting.md): the target is the tenant's loan, given a rate far above its
  // product's published 380 bp (a RATE_ABOVE_PUBLISHED anomaly), and the tenant's product. The
  // filter names the tenant's bank. A role that may never read reports is refused outright
  // (FORBIDDEN), as is a BANK naming another bank; a regulator or bureau outside the target's
  // region gets an answer without it.
  lendingAnomalies: {
    kind: "query",
    targeted: true,
    allowed: "listed",
    denied: reportDenial,
    async prepare({ t }, _role, x) {
      const loanId = await tenantLoan(t, x!);
      await t.ds.query(`UPDATE loan SET annual_rate_bp = 2000 WHERE id = $1`, [loanId]);
      return {
        query: `query($filter: LendingFilterInput) { lendingAnomalies(first: 100, filter: $filter) { edges { node { rule loan { id } } } } }`,
        variables: { filter: { bankIds: [x!.bankId] } },
        read: (res) => {
          if (res.errors?.length) return errorOutcome(res);
          const edges = (res.data as any).lendingAnomalies.edges as Array<{ node: { rule: string; loan: { id: string } | null } }>;
          return edges.some((e) => e.node.rule === "RATE_ABOVE_PUBLISHED" && e.node.loan?.id === loanId) ? "listed" : "absent";
        },
      };
    },
  },
  quotaUtilization: {
    kind: "query",
    targeted: true,
    allowed: "listed",
    denied: reportDenial,
    async prepare(_env, _role, x) {
      return {
        query: `query($filter: QuotaUtilizationFilterInput) { quotaUtilization(first: 100, filter: $filter) { edges { node { product { id } } } } }`,
        variables: { filter: { bankIds: [x!.bankId] } },
        read: (res) => {
          if (res.errors?.length) return errorOutcome(res);
          const edges = (res.data as any).quotaUtilization.edges as Array<{ node: { product: { id: string } } }>;
          return edges.some((e) => e.node.product.id === x!.productId) ? "listed" : "absent";
        },
      };
    },
  },

  // The lending report over the tenant's loan: a filter naming the tenant firm's region and the
  // tenant's bank. Allowed: the report has the tenant's group with its loan. A regulator asking for
  // another region's regionCode, or a BANK naming another bank in bankIds, gets FORBIDDEN.
  lendingReport: {
    kind: "query",
    targeted: true,
    allowed: "allowed",
    denied: "FORBIDDEN",
    async prepare({ t }, _role, x) {
      await tenantLoan(t, x!);
      return {
        query: `query($filter: LendingFilterInput) { lendingReport(filter: $filter, groupBy: [BANK, REGION]) { groups { key { bankId regionCode } figures { loansCount } } totals { loansCount } } }`,
        variables: { filter: { regionCode: x!.firmRegionCode, bankIds: [x!.bankId] } },
        read: (res) => {
          if (res.errors?.length) return errorOutcome(res);
          const report = (res.data as any).lendingReport as { groups: Array<{ key: { bankId: string; regionCode: string }; figures: { loansCount: number } }> };
          const own = report.groups.find((g) => g.key.bankId === x!.bankId && g.key.regionCode === x!.firmRegionCode);
          return own && own.figures.loansCount >= 1 ? "allowed" : `no group of the tenant's loan: ${JSON.stringify(res.data)}`;
        },
      };
    },
  },

  registerFirm: mutation("registerFirm", "RegisterFirmInput", true, async (env, role, x) => {
    const region = x!.firmRegionCode;
    const probe = count(env, "firm");
    if (role !== Role.FIRM) return { input: firmInput(region), probe };
    // FIRM: an onboarding token for one credit code; own = registering that code, else another one.
    const vouched = freshCreditCode(region);
    const client = await env.t.as({ role: Role.FIRM, creditCode: vouched });
    return { input: firmInput(region, { creditCode: x!.key === "A" ? vouched : freshCreditCode(region) }), probe, client };
  }),
  updateFirm: mutation("updateFirm", "UpdateFirmInput", true, async (env, _role, x) => ({
    input: { id: x!.firmId, employees: randomInt(1, 1_000_000) },
    probe: row(env, "firm", x!.firmId),
  })),
  recordCertification: mutation("recordCertification", "RecordCertificationInput", true, async (env, _role, x) => ({
    input: certificationInput(x!.firmId),
    probe: count(env, "certification"),
  })),
  revokeCertification: mutation("revokeCertification", "RevokeCertificationInput", true, async (env, _role, x) => {
    const id = await createCertification(env.t, x!.firmId);
    return { input: { id, revokedOn: "2025-06-01", reason: "复核未通过" }, probe: row(env, "certification", id) };
  }),
  createFinancialInstitution: mutation("createFinancialInstitution", "CreateFinancialInstitutionInput", false, async (env) => {
    const name = `访问控制新机构${unique()}`;
    return { input: { name, shortName: name.slice(0, 20), type: "RURAL_COMMERCIAL_BANK", regionCode: "140500" }, probe: count(env, "financial_institution") };
  }),
  createLoanProduct: mutation("createLoanProduct", "CreateLoanProductInput", true, async (env, _role, x) => ({
    input: productInput(x!.bankId, x!.regionCode),
    probe: count(env, "loan_product"),
  })),
  updateLoanProduct: mutation("updateLoanProduct", "UpdateLoanProductInput", true, async (env, _role, x) => {
    const product = await createProduct(env.t, x!.bankId, x!.regionCode);
    return { input: { id: product.id, version: product.version, name: "改名后的访问控制测试产品" }, probe: row(env, "loan_product", product.id) };
  }),
  archiveLoanProduct: mutation("archiveLoanProduct", "ArchiveLoanProductInput", true, async (env, _role, x) => {
    const product = await createProduct(env.t, x!.bankId, x!.regionCode);
    return { input: { id: product.id }, probe: row(env, "loan_product", product.id) };
  }),
  createGuaranteeAgency: mutation("createGuaranteeAgency", "CreateGuaranteeAgencyInput", true, async (env, _role, x) => ({
    input: agencyInput(x!.firmRegionCode),
    probe: count(env, "guarantee_agency"),
  })),
  createGuaranteeAgreement: mutation("createGuaranteeAgreement", "CreateGuaranteeAgreementInput", true, async (env, _role, x) => ({
    input: agreementInput(x!.agencyId, env.w.A.bankId),
    probe: count(env, "guarantee_agreement"),
  })),
  createIncentivePolicy: mutation("createIncentivePolicy", "CreateIncentivePolicyInput", true, async (env, _role, x) => ({
    input: policyInput(x!.firmRegionCode),
    probe: count(env, "incentive_policy"),
  })),
  setLprRate: mutation("setLprRate", "SetLprRateInput", false, async (env) => ({
    input: { tenor: "FIVE_YEAR", effectiveOn: freshDate(), rateBp: 350 },
    probe: count(env, "lpr_rate"),
  })),
  submitFinancingNeed: mutation("submitFinancingNeed", "SubmitFinancingNeedInput", true, async (env, _role, x) => ({
    input: needInput(x!.firmId, x!.bankId),
    probe: count(env, "financing_need"),
  })),
  withdrawFinancingNeed: mutation("withdrawFinancingNeed", "WithdrawFinancingNeedInput", true, async (env, _role, x) => {
    const id = await createNeed(env.t, x!.firmId, x!.bankId);
    return { input: { id }, probe: row(env, "financing_need", id) };
  }),
  expireFinancingNeeds: {
    // A need of tenant A whose needed-by date is long past: the run expires it (and any like it).
    kind: "mutation",
    targeted: false,
    allowed: "allowed",
    denied: "FORBIDDEN",
    async prepare(env) {
      const id = await createNeed(env.t, env.w.A.firmId, env.w.A.bankId);
      await env.t.ds.query(`UPDATE financing_need SET needed_by = '2001-01-01' WHERE id = $1`, [id]);
      return { query: `mutation { expireFinancingNeeds { expiredCount } }`, variables: {}, probe: row(env, "financing_need", id) };
    },
  },
  application: byId("application", "ID!", (x) => ({ value: x.applicationId, id: x.applicationId })),
  applications: list("applications", "ApplicationFilter", (x) => ({ needId: x!.needId }), (x) => x!.applicationId),
  applyForProduct: mutation("applyForProduct", "ApplyForProductInput", true, async (env, _role, x) => ({
    input: { needId: await createNeed(env.t, x!.firmId, x!.bankId), productId: x!.productId, idempotencyKey: randomUUID() },
    probe: count(env, "application"),
  })),
  startReview: mutation("startReview", "StartReviewInput", true, async (env, _role, x) => {
    const id = await insertApplication(env, x!, ApplicationStatus.SUBMITTED);
    return { input: { id }, probe: row(env, "application", id) };
  }),
  approveApplication: mutation("approveApplication", "ApproveApplicationInput", true, async (env, _role, x) => {
    const id = await insertApplication(env, x!, ApplicationStatus.UNDER_REVIEW);
    return { input: { id, amount: "1000000", annualRateBp: 380, termMonths: 12, idempotencyKey: randomUUID() }, probe: row(env, "application", id) };
  }),
  rejectApplication: mutation("rejectApplication", "RejectApplicationInput", true, async (env, _role, x) => {
    const id = await insertApplication(env, x!, ApplicationStatus.SUBMITTED);
    return { input: { id, reasonCode: "CREDIT_RISK" }, probe: row(env, "application", id) };
  }),
  withdrawApplication: mutation("withdrawApplication", "WithdrawApplicationInput", true, async (env, _role, x) => {
    const id = await insertApplication(env, x!, ApplicationStatus.SUBMITTED);
    return { input: { id }, probe: row(env, "application", id) };
  }),
  decideGuarantee: mutation("decideGuarantee", "DecideGuaranteeInput", true, async (env, _role, x) => {
    const id = await insertApplication(env, x!, ApplicationStatus.SUBMITTED, true);
    return { input: { id, accept: true, feeBp: 50 }, probe: row(env, "application", id) };
  }),
  // The tenant's loan (its firm, bank and agency), inserted once; then read like any record.
  loan: {
    ...byId("loan", "ID!", () => ({ value: "", id: "" })),
    async prepare(env, role, x) {
      const id = await tenantLoan(env.t, x!);
      return byId("loan", "ID!", () => ({ value: id, id })).prepare(env, role, x);
    },
  },
  loans: {
    ...list("loans", "LoanFilter", () => ({}), () => ""),
    async prepare(env, role, x) {
      const id = await tenantLoan(env.t, x!);
      return list("loans", "LoanFilter", (y) => ({ firmId: y!.firmId }), () => id).prepare(env, role, x);
    },
  },
  disburseLoan: mutation("disburseLoan", "DisburseLoanInput", true, async (env, _role, x) => {
    // A fresh APPROVED application of the tenant (its own new need × its product).
    const applicationId = await insertApprovedApplication(env.t, { needId: await createNeed(env.t, x!.firmId, x!.bankId), productId: x!.productId, amount: "1000000" });
    return { input: { applicationId, disbursedOn: toChinaDate(new Date()), idempotencyKey: randomUUID() }, probe: count(env, "loan") };
  }),
  recordRepayment: mutation("recordRepayment", "RecordRepaymentInput", true, async (env, _role, x) => {
    const id = await freshTenantLoan(env.t, x!);
    return { input: { loanId: id, amount: "1000", paidOn: toChinaDate(new Date()) }, probe: row(env, "loan", id) };
  }),
  renewLoan: mutation("renewLoan", "RenewLoanInput", true, async (env, _role, x) => {
    const id = await freshTenantLoan(env.t, x!);
    const productId = await tenantRenewalProduct(env.t, x!);
    return {
      input: { loanId: id, productId, amount: "1000000.00", annualRateBp: 350, termMonths: 12, renewedOn: toChinaDate(new Date()) },
      probe: row(env, "loan", id),
    };
  }),
};

/**
 * A fresh application of the tenant (its own new need × its product) in `status`, inserted
 * directly so each attempt of a workflow mutation has its own record in the right state; with
 * `guarantee`, asking the tenant's agency (REQUESTED).
 */
async function insertApplication(env: Env, x: Tenant, status: ApplicationStatus, guarantee = false): Promise<string> {
  const needId = await createNeed(env.t, x.firmId, x.bankId);
  const repo = env.t.ds.getRepository(Application);
  const saved = await repo.save(
    repo.create({
      needId,
      productId: x.productId,
      status,
      guaranteeAgencyId: guarantee ? x.agencyId : null,
      guaranteeDecision: guarantee ? GuaranteeDecision.REQUESTED : null,
    }),
  );
  return saved.id;
}

/** Runs an attempt as `client`; a write's outcome also says whether anything was written. */
async function perform(attempt: Attempt, client: ApiClient): Promise<string> {
  const c = attempt.client ?? client;
  if (attempt.read) return attempt.read(await c.gql(attempt.query, attempt.variables));
  const before = JSON.stringify(await attempt.probe!());
  const res = await c.gql(attempt.query, attempt.variables);
  const wrote = JSON.stringify(await attempt.probe!()) !== before;
  if (!res.errors?.length) return wrote ? "allowed" : "allowed, but nothing was written";
  return `${errorOutcome(res)}${wrote ? " (but it wrote)" : ""}`;
}

/** Row counts of every table of the database. */
async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables: Array<{ name: string }> = await t.ds.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (await t.ds.query(`SELECT count(*)::int AS n FROM "${name}"`))[0].n;
  return counts;
}

// ---------------------------------------------------------------------------------------------

describe("the access matrix of docs/access.md", () => {
  let env: Env;
  beforeAll(async () => {
    const t = await startTestApp();
    env = { t, w: await buildAccessWorld(t) };
  });
  afterAll(async () => {
    await env?.t.close();
  });

  it("has a row for every query and mutation of the schema, no row for anything else, known cells, and a driver per row", async () => {
    const schema = await getSchema();
    const queries = Object.keys(schema.getQueryType()!.getFields());
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});
    const operations = [...queries, ...mutations];
    const rows = [...MATRIX.keys()];
    expect({
      operationsWithoutRow: operations.filter((o) => !MATRIX.has(o)).sort(),
      rowsWithoutOperation: rows.filter((o) => !operations.includes(o)).sort(),
      unknownCells: CASES.filter(([, , cell]) => !(CELLS as readonly string[]).includes(cell)).map(([op, role, cell]) => `${op}/${role}: '${cell}'`),
      rowsWithoutDriver: rows.filter((o) => !DRIVERS[o]).sort(),
      queriesDrivenAsMutations: queries.filter((q) => DRIVERS[q] && DRIVERS[q]!.kind !== "query"),
      mutationsDrivenAsQueries: mutations.filter((m) => DRIVERS[m] && DRIVERS[m]!.kind !== "mutation"),
    }).toEqual({
      operationsWithoutRow: [],
      rowsWithoutOperation: [],
      unknownCells: [],
      rowsWithoutDriver: [],
      queriesDrivenAsMutations: [],
      mutationsDrivenAsQueries: [],
    });
  });

  it.each(CASES)("%s as %s (%s)", async (operation, role, cell) => {
    const driver = DRIVERS[operation];
    if (!driver) throw new Error(`access-matrix.test.ts has no driver for ${operation}: add one to DRIVERS.`);
    if (!(CELLS as readonly string[]).includes(cell)) throw new Error(`'${cell}' is not a cell of the matrix legend.`);
    const client = env.w.clients[role];
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    const outcome = (allowed: boolean) => (allowed ? driver.allowed : typeof driver.denied === "function" ? driver.denied(role) : driver.denied);

    if (!driver.targeted) {
      expected["(no target record)"] = outcome(allowedBy(cell as Cell, null));
      actual["(no target record)"] = await perform(await driver.prepare(env, role, null), client);
    } else {
      for (const target of TARGETS) {
        expected[target.name] = outcome(allowedBy(cell as Cell, target.name));
        actual[target.name] = await perform(await driver.prepare(env, role, target.tenant(env.w)), client);
      }
    }
    if (operation === "registerFirm" && role === Role.FIRM) {
      // A registered firm's token (with an orgId) may not register anything, not even its own region's firms.
      const key = "a FIRM token with an orgId";
      expected[key] = "FORBIDDEN";
      actual[key] = await perform(
        { ...(await driver.prepare(env, Role.BANK, env.w.A)), client: env.w.clients[Role.FIRM] },
        client,
      );
    }
    expect(actual).toEqual(expected);
  });

  it("refuses every mutation of the schema to a REGULATOR with FORBIDDEN, and writes nothing to any table", async () => {
    const schema = await getSchema();
    const outcomes: Record<string, string> = {};
    for (const operation of Object.keys(schema.getMutationType()?.getFields() ?? {})) {
      const driver = DRIVERS[operation];
      if (!driver) {
        outcomes[operation] = "no driver in access-matrix.test.ts";
        continue;
      }
      const attempt = await driver.prepare(env, Role.REGULATOR, driver.targeted ? env.w.A : null);
      const before = await tableCounts(env.t);
      const res = await env.w.clients[Role.REGULATOR].gql(attempt.query, attempt.variables);
      const after = await tableCounts(env.t);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      outcomes[operation] = `${res.errors?.length ? errorOutcome(res) : "allowed"}${changed.length ? ` (wrote to ${changed.join(", ")})` : ""}`;
    }
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((op) => [op, "FORBIDDEN"])));
  });

  it("answers every operation of the schema without a token with UNAUTHENTICATED, and writes nothing", async () => {
    const schema = await getSchema();
    const operations = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()?.getFields() ?? {})];
    const outcomes: Record<string, string> = {};
    for (const operation of operations) {
      const driver = DRIVERS[operation];
      if (!driver) {
        outcomes[operation] = "no driver in access-matrix.test.ts";
        continue;
      }
      const attempt = await driver.prepare(env, Role.ADMIN, driver.targeted ? env.w.A : null);
      const before = await tableCounts(env.t);
      const res = await env.t.anonymous.gql(attempt.query, attempt.variables);
      const after = await tableCounts(env.t);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      const code = res.errors?.length ? String(res.errors[0]!.extensions?.code) : "answered";
      outcomes[operation] = `${code}${changed.length ? ` (wrote to ${changed.join(", ")})` : ""}`;
    }
    expect(outcomes).toEqual(Object.fromEntries(operations.map((op) => [op, "UNAUTHENTICATED"])));
  });

  describe("id probing", () => {
    /**
     * The HTTP status and body of a by-id query as BANK A, with the asked value replaced by "<value>",
     * the request id by "<request>", and of the budget (extensions.cost) only the query's cost: the
     * remaining budget goes down from one probe to the next.
     */
    async function probeAsBankA(query: string, value: string): Promise<{ status: number; body: unknown }> {
      const token = await env.t.tokens.sign({ sub: "probing-bank", role: Role.BANK, orgId: env.w.A.bankId });
      const res = await env.t.post({ query, variables: { v: value } }, { authorization: `Bearer ${token}` });
      const text = (await res.text()).replaceAll(res.headers.get("x-request-id")!, "<request>");
      const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const body = JSON.parse(text.replace(new RegExp(escaped, "gi"), "<value>"));
      body.extensions.cost = { requested: body.extensions.cost.requested };
      return { status: res.status, body };
    }

    it.each([
      ["firm B by id", "firm", "ID!", "id", (w: AccessWorld) => w.B.firmId, () => randomUUID()],
      ["firm B by credit code", "firmByCreditCode", "String!", "creditCode", (w: AccessWorld) => w.B.firmCreditCode, () => freshCreditCode("140581")],
      ["need B by id", "financingNeed", "ID!", "id", (w: AccessWorld) => w.B.needId, () => randomUUID()],
      ["product B by id", "loanProduct", "ID!", "id", (w: AccessWorld) => w.B.productId, () => randomUUID()],
    ] as const)("BANK A reading %s gets exactly the NOT_FOUND of a record that does not exist", async (_name, op, argType, argName, existing, missing) => {
      const query = `query($v: ${argType}) { ${op}(${argName}: $v) { id } }`;
      const outside = await probeAsBankA(query, existing(env.w));
      const unknown = await probeAsBankA(query, missing());
      expect((unknown.body as GraphQLResponse).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      expect(outside).toEqual(unknown);
    });
  });
});
