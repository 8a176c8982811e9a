import { isUuid } from "./ids";

/**
 * Global ids (Relay `Node.id`, docs/architecture.md "Global ids"): the base64url text, without
 * padding, of "<GraphQL type name>:<record UUID>", e.g. "Firm:0b9c…" → "RmlybTowYjlj…". Opaque to
 * clients: they pass it back unchanged. Pure; the type names known here are the Node types.
 */
export const NODE_TYPE_NAMES = [
  "Application",
  "Certification",
  "FinancialInstitution",
  "FinancingNeed",
  "Firm",
  "GuaranteeAgency",
  "GuaranteeAgreement",
  "IncentivePolicy",
  "Loan",
  "LoanProduct",
  "LprRate",
] as const;

export type NodeTypeName = (typeof NODE_TYPE_NAMES)[number];

const TYPE_NAMES: ReadonlySet<string> = new Set(NODE_TYPE_NAMES);
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeGlobalId(type: NodeTypeName, uuid: string): string {
  return Buffer.from(`${type}:${uuid.toLowerCase()}`, "utf8").toString("base64url");
}

/** The type and UUID a global id names; null for anything that is not one. */
export function decodeGlobalId(id: string): { type: NodeTypeName; uuid: string } | null {
  if (id.length > 200 || !BASE64URL.test(id)) return null;
  const text = Buffer.from(id, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 0) return null;
  const type = text.slice(0, colon);
  const uuid = text.slice(colon + 1);
  if (!TYPE_NAMES.has(type) || !isUuid(uuid)) return null;
  // Only the canonical spelling is an id (no padding, no stray bits): it must re-encode to itself.
  if (encodeGlobalId(type as NodeTypeName, uuid) !== id) return null;
  return { type: type as NodeTypeName, uuid: uuid.toLowerCase() };
}

/**
 * What an id argument means during the deprecation period: a raw UUID as it is, a global id its
 * UUID, anything else unchanged (the service then answers NOT_FOUND, as for any unknown id, or
 * it is an id of another kind, such as an audit event's number).
 */
export function recordIdOf(id: string): string {
  if (isUuid(id)) return id;
  return decodeGlobalId(id)?.uuid ?? id;
}
