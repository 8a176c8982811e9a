import DataLoader from "dataloader";
import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

/**
 * Batch loaders: one `= ANY($1)` query per batch, results mapped back to the keys' order.
 * Created per request (src/graphql/context.ts) so nothing is cached across users.
 */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(ds: DataSource, entity: EntityTarget<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await ds
      .getRepository(entity)
      .createQueryBuilder("r")
      .where("r.id = ANY(:ids)", { ids: [...ids] })
      .getMany();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * One-to-many: all rows whose `column` (entity property, snake-cased in SQL) equals each key,
 * ordered by `orderBy` (SQL expression on alias `r`).
 */
export function groupLoader<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  property: keyof T & string,
  orderBy: string,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await ds
      .getRepository(entity)
      .createQueryBuilder("r")
      .where(`r.${property} = ANY(:keys)`, { keys: [...keys] })
      .orderBy(orderBy)
      .getMany();
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[property] as string)?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}
