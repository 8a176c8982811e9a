import { Field, Int, InputType, ObjectType, ArgsType, registerEnumType, type ClassType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { ValidationError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { msg } from "../i18n";

/**
 * Relay cursor connections with keyset paging on (created_at, id) — or, for the lists with
 * `orderBy`, on (the ordered column, id): stable under inserts, no OFFSET scans, and a page cap.
 * `totalCount` is computed only when a client asks for it.
 */
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: "Where a page sits in the whole list (分页信息)." })
export class PageInfo {
  @Field({ description: "Whether more records follow this page." })
  hasNextPage!: boolean;

  @Field({ description: "Whether records precede this page (true when `after` was given)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge; null on an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge: pass it as `after` for the next page." })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to the page cap (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return records after this cursor (an `endCursor` from a previous page)." })
  after?: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

/** What every connection resolver returns; `count` runs only if `totalCount` is selected. */
export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function connectionType<T extends object>(nodeType: ClassType<T>, name: string, noun: string): ClassType<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${noun} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => nodeType, { description: `The ${noun}.` })
    node!: T;

    @Field({ description: "Opaque cursor of this edge, for `after`." })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${noun} records (Relay connection).` })
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [EdgeType], { description: "The records of this page, in order." })
    edges!: Edge<T>[];

    @Field(() => PageInfo, { description: "Paging information." })
    pageInfo!: PageInfo;

    count!: () => Promise<number>;

    @Field(() => Int, { description: "Number of records matching the filter, across all pages (总数)." })
    totalCount(): Promise<number> {
      return this.count();
    }
  }

  return ConnectionType;
}

interface CursorKey {
  createdAt: Date;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id])).toString("base64url");
}

export function decodeCursor(cursor: string, field = "after"): CursorKey {
  const key = decodeOrderedCursor(cursor, DEFAULT_ORDER, field);
  return { createdAt: key.value as Date, id: key.id };
}

// ---------------------------------------------------------------------------------------------
// orderBy and updatedSince (docs/architecture.md, "Ordering and sync").

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction (排序方向); ties are broken by id in the same direction.",
  valuesConfig: { ASC: { description: "Oldest / smallest first (升序)." }, DESC: { description: "Newest / largest first (降序)." } },
});

const RECORD_ORDER_VALUES = {
  CREATED_AT: { description: "When the record was created (创建时间): the default, the order of the list before orderBy existed." },
  UPDATED_AT: { description: "When the record last changed (更新时间): with updatedSince, the order to sync by." },
};

/** The columns a list of records without a name sorts by. */
export enum RecordOrderField {
  CREATED_AT = "CREATED_AT",
  UPDATED_AT = "UPDATED_AT",
}
registerEnumType(RecordOrderField, {
  name: "RecordOrderField",
  description: "What a list is sorted by (排序字段).",
  valuesConfig: RECORD_ORDER_VALUES,
});

/** The columns a list of named records (firms, products) sorts by. */
export enum NamedRecordOrderField {
  CREATED_AT = "CREATED_AT",
  UPDATED_AT = "UPDATED_AT",
  NAME = "NAME",
}
registerEnumType(NamedRecordOrderField, {
  name: "NamedRecordOrderField",
  description: "What a list of named records is sorted by (排序字段).",
  valuesConfig: { ...RECORD_ORDER_VALUES, NAME: { description: "The name (名称), in the database's collation." } },
});

export interface ListOrder {
  field: RecordOrderField | NamedRecordOrderField;
  direction: OrderDirection;
}

const DEFAULT_ORDER: ListOrder = { field: RecordOrderField.CREATED_AT, direction: OrderDirection.ASC };
const SYNC_ORDER: ListOrder = { field: RecordOrderField.UPDATED_AT, direction: OrderDirection.ASC };
const ORDER_COLUMNS: Record<ListOrder["field"], { column: string; property: "createdAt" | "updatedAt" | "name" }> = {
  CREATED_AT: { column: "created_at", property: "createdAt" },
  UPDATED_AT: { column: "updated_at", property: "updatedAt" },
  NAME: { column: "name", property: "name" },
};

/** What paginate takes: the page, and for the lists that have them the order and the sync filter. */
export interface ListArgs {
  first?: number | null;
  after?: string | null;
  orderBy?: ListOrder | null;
  updatedSince?: Date | null;
}

/**
 * `<Name>Order` input and the list's args (`first`, `after`, `orderBy`, `updatedSince`) for a
 * list whose records are sorted by `fields`.
 */
export function listArgsType(name: string, noun: string, fields: typeof RecordOrderField | typeof NamedRecordOrderField): ClassType<ListArgs> {
  @InputType(`${name}Order`, { description: `How to sort the ${noun} list (排序).` })
  class OrderInput implements ListOrder {
    @Field(() => fields, { defaultValue: RecordOrderField.CREATED_AT, description: "The column to sort by (default CREATED_AT)." })
    field!: ListOrder["field"];

    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: "The direction (default ASC)." })
    direction!: OrderDirection;
  }

  @ArgsType()
  class ListArgsType extends PageArgs implements ListArgs {
    @Field(() => OrderInput, {
      nullable: true,
      description:
        "The order (排序); default CREATED_AT ASC, or UPDATED_AT ASC when updatedSince is given. A cursor is valid only with the order it was made in (BAD_USER_INPUT otherwise).",
    })
    orderBy?: ListOrder | null;

    @Field(() => Date, {
      nullable: true,
      description: "Only records changed at or after this instant (增量同步: updatedAt ≥ updatedSince); see the sync recipe in docs/architecture.md.",
    })
    updatedSince?: Date | null;
  }
  return ListArgsType;
}

function orderTag(order: ListOrder): string {
  return `${order.field}:${order.direction}`;
}

/**
 * Cursors: the default order's is `[createdAt, id]` (as before orderBy, so old cursors still
 * work); another order's is `[tag, value, id]`, tag "UPDATED_AT:DESC" and so on. A cursor is
 * refused (BAD_USER_INPUT) with any other order than its own.
 */
function encodeOrderedCursor(order: ListOrder, value: unknown, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  const key = orderTag(order) === orderTag(DEFAULT_ORDER) ? [v, id] : [orderTag(order), v, id];
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeOrderedCursor(cursor: string, order: ListOrder, field = "after"): { value: Date | string; id: string } {
  let parts: unknown[];
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (!Array.isArray(parts) || (parts.length !== 2 && parts.length !== 3)) throw new Error("shape");
  } catch {
    throw badCursor(field);
  }
  const [tag, raw, id] = parts.length === 2 ? [orderTag(DEFAULT_ORDER), parts[0], parts[1]] : parts;
  if (typeof tag !== "string" || typeof raw !== "string" || typeof id !== "string" || !isUuid(id)) throw badCursor(field);
  if (tag !== orderTag(order)) {
    const spoken = (t: string) => t.replace(":", " "); // "NAME:ASC" → "NAME ASC"
    throw ValidationError.single(field, "cursor.order", msg("cursor.order", { cursorOrder: spoken(tag), order: spoken(orderTag(order)) }));
  }
  if (order.field === "NAME") return { value: raw, id };
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw badCursor(field);
  return { value: date, id };
}

function badCursor(field: string): ValidationError {
  return ValidationError.single(field, "cursor.format", msg("cursor.format", {}));
}

export function pageSize(first: number | null | undefined, maxPageSize: number): number {
  const size = first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(size) || size < 1 || size > maxPageSize) {
    throw ValidationError.single("first", "page.size", msg("page.size", { max: maxPageSize, got: size }));
  }
  return size;
}

/**
 * Pages a filtered query builder whose entity has `createdAt`, `updatedAt` and `id` (and `name`
 * for NAME orders). The builder must not be ordered or limited already. `updatedSince` keeps the
 * records with `updated_at >= updatedSince` (counted in totalCount too).
 */
export async function paginate<T extends ObjectLiteral & CursorKey>(
  qb: SelectQueryBuilder<T>,
  args: ListArgs,
  maxPageSize: number,
): Promise<ConnectionShape<T>> {
  const size = pageSize(args.first, maxPageSize);
  const alias = qb.alias;
  const order = args.orderBy ?? (args.updatedSince ? SYNC_ORDER : DEFAULT_ORDER);
  const { column, property } = ORDER_COLUMNS[order.field];
  if (args.updatedSince) {
    if (Number.isNaN(args.updatedSince.getTime())) throw ValidationError.single("updatedSince", "date.format", msg("instant.format"));
    qb.andWhere(`${alias}.updated_at >= :updatedSince`, { updatedSince: args.updatedSince });
  }
  const countQuery = qb.clone();
  if (args.after) {
    const key = decodeOrderedCursor(args.after, order);
    qb.andWhere(`(${alias}.${column}, ${alias}.id) ${order.direction === OrderDirection.ASC ? ">" : "<"} (:cursorValue, :cursorId)`, {
      cursorValue: key.value,
      cursorId: key.id,
    });
  }
  const rows = await qb
    .orderBy(`${alias}.${column}`, order.direction)
    .addOrderBy(`${alias}.id`, order.direction)
    .limit(size + 1)
    .getMany();
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeOrderedCursor(order, node[property], node.id) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    count: () => countQuery.getCount(),
  };
}
