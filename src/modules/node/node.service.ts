import { msg } from "../../i18n";
import DataLoader from "dataloader";
import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import type { Viewer } from "../../domain/access";
import { ValidationError } from "../../domain/errors";
import { decodeGlobalId, type NodeTypeName } from "../../domain/global-id";
import { isUuid } from "../../domain/ids";
import { Application } from "../application/application.entity";
import { agreementScope, applicationScope, applyScope, certificationScope, firmScope, loanScope, needScope, productScope, type Scope } from "../auth/scopes";
import { Certification } from "../certification/certification.entity";
import { Firm } from "../firm/firm.entity";
import { GuaranteeAgency } from "../guarantee/guarantee-agency.entity";
import { GuaranteeAgreement } from "../guarantee/guarantee-agreement.entity";
import { IncentivePolicy } from "../incentive/incentive-policy.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";
import { LoanProduct } from "../loan-product/loan-product.entity";
import { Loan } from "../loan/loan.entity";
import { LprRate } from "../lpr/lpr-rate.entity";
import { FinancingNeed } from "../need/financing-need.entity";

/**
 * Each Node type's table and read scope: the scope of its by-id query (`firm`, `loan` …; docs/access.md),
 * null for the directories everyone signed in reads (institutions, agencies, policies, LPR).
 */
const NODE_SOURCES: Record<NodeTypeName, { entity: EntityTarget<ObjectLiteral>; scope: ((viewer: Viewer, alias: string) => Scope) | null }> = {
  Application: { entity: Application, scope: applicationScope },
  Certification: { entity: Certification, scope: certificationScope },
  FinancialInstitution: { entity: FinancialInstitution, scope: null },
  FinancingNeed: { entity: FinancingNeed, scope: needScope },
  Firm: { entity: Firm, scope: firmScope },
  GuaranteeAgency: { entity: GuaranteeAgency, scope: null },
  GuaranteeAgreement: { entity: GuaranteeAgreement, scope: agreementScope },
  IncentivePolicy: { entity: IncentivePolicy, scope: null },
  Loan: { entity: Loan, scope: loanScope },
  LoanProduct: { entity: LoanProduct, scope: productScope },
  LprRate: { entity: LprRate, scope: null },
};

/** Largest `nodes(ids:)` list. */
export const MAX_NODES = 100;

/** The per-request loaders of visible records, one per Node type (made on first use). */
export type NodeLoaders = Map<NodeTypeName, DataLoader<string, ObjectLiteral | null>>;

/**
 * `node` / `nodes`: records by global id, each within the caller's read scope. A record outside
 * the scope, an unknown record and an id that is no global id all answer null (as NOT_FOUND for
 * the by-id reads); a raw UUID is refused BAD_USER_INPUT, since it does not say its type. All the ids
 * of one type are loaded with one query (a DataLoader per type and request).
 */
export class NodeService {
  constructor(private readonly ds: DataSource) {}

  /** Fresh loaders for one request's caller (src/graphql/loaders.ts keeps them per request). */
  loaders(): NodeLoaders {
    return new Map();
  }

  async nodes(viewer: Viewer, loaders: NodeLoaders, ids: readonly string[], field = "ids"): Promise<Array<ObjectLiteral | null>> {
    if (ids.length > MAX_NODES) throw ValidationError.single(field, "nodes.size", msg("nodes.size", { max: MAX_NODES, got: ids.length }));
    const rawIndex = ids.findIndex((id) => isUuid(id));
    if (rawIndex >= 0) {
      throw ValidationError.single(
        ids.length === 1 && field === "id" ? "id" : `${field}.${rawIndex}`,
        "id.global",
        msg("id.global"),
      );
    }
    return Promise.all(
      ids.map((id) => {
        const decoded = decodeGlobalId(id);
        return decoded ? this.loader(viewer, loaders, decoded.type).load(decoded.uuid) : null;
      }),
    );
  }

  private loader(viewer: Viewer, loaders: NodeLoaders, type: NodeTypeName): DataLoader<string, ObjectLiteral | null> {
    let loader = loaders.get(type);
    if (!loader) {
      const source = NODE_SOURCES[type];
      loader = new DataLoader<string, ObjectLiteral | null>(async (ids) => {
        const qb = this.ds.getRepository(source.entity).createQueryBuilder("r").where("r.id = ANY(:ids)", { ids: [...ids] });
        const rows = await (source.scope ? applyScope(qb, source.scope(viewer, "r")) : qb).getMany();
        const byId = new Map(rows.map((row) => [row.id as string, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      loaders.set(type, loader);
    }
    return loader;
  }
}
