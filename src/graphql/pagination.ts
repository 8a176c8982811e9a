import { Field, Int, ObjectType, ArgsType, type ClassType } from "type-graphql";
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { ValidationError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { msg } from "../i18n";

/**
 * Relay cursor connections with keyset paging on (created_at, id): stable under inserts, no
 * OFFSET scans, and a page cap. `totalCount` is computed only when a client asks for it.
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
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== "string" || !isUuid(id) || Number.isNaN(date.getTime())) throw new Error("shape");
    return { createdAt: date, id };
  } catch {
    throw ValidationError.single(field, "cursor.format", msg("cursor.format", {}));
  }
}

export function pageSize(first: number | null | undefined, maxPageSize: number): number {
  const size = first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(size) || size < 1 || size > maxPageSize) {
    throw ValidationError.single("first", "page.size", msg("page.size", { max: maxPageSize, got: size }));
  }
  return size;
}

/**
 * Pages a filtered query builder whose entity has `createdAt` and `id`. The builder must not be
 * ordered or limited already.
 */
export async function paginate<T extends ObjectLiteral & CursorKey>(
  qb: SelectQueryBuilder<T>,
  args: PageArgs,
  maxPageSize: number,
): Promise<ConnectionShape<T>> {
  const size = pageSize(args.first, maxPageSize);
  const alias = qb.alias;
  const countQuery = qb.clone();
  if (args.after) {
    const key = decodeCursor(args.after);
    qb.andWhere(`(${alias}.created_at, ${alias}.id) > (:cursorCreatedAt, :cursorId)`, {
      cursorCreatedAt: key.createdAt,
      cursorId: key.id,
    });
  }
  const rows = await qb
    .orderBy(`${alias}.created_at`, "ASC")
    .addOrderBy(`${alias}.id`, "ASC")
    .limit(size + 1)
    .getMany();
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(node) }));
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
