import "reflect-metadata";
import path from "node:path";
import { types } from "pg";
import { DataSource, type Logger } from "typeorm";
import { ENTITIES } from "./entities";
import { SnakeNamingStrategy } from "./naming-strategy";

// `date` columns stay "YYYY-MM-DD" strings (no time-zone shifts through JS Date), also in raw queries.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export interface DataSourceOptions {
  url: string;
  /** Connection pool size (pg `max`). */
  poolSize?: number;
  /** A TypeORM logger, e.g. the statement counter used by tests. */
  logger?: Logger;
  logSql?: boolean;
  /** pg_stat_activity's application_name (default srdi-match; a URL's ?application_name= wins). */
  applicationName?: string;
}

/** Where compiled or ts-node migrations live, relative to this file (src/db → migrations). */
const MIGRATIONS_GLOB = path.join(__dirname, "..", "..", "migrations", "*.{ts,js}");

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url: options.url,
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each",
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: "pgcrypto",
    installExtensions: false,
    logging: options.logSql ? ["query", "error"] : ["error"],
    ...(options.logger ? { logger: options.logger } : {}),
    // jit off: the planner misjudges the matching prefilter (85 rows estimated, 15,800 read) and
    // spends 15–20 ms compiling it; these are short OLTP statements, JIT never pays off here.
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? "srdi-match", options: "-c jit=off" },
  });
}
