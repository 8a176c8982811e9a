import type { Logger, QueryRunner } from "typeorm";

/**
 * A TypeORM logger that counts the SQL statements sent (tests and benchmarks use it to prove
 * that nested queries do not grow with the page size) and passes errors to a sink.
 */
export class StatementCounter implements Logger {
  count = 0;
  readonly statements: string[] = [];

  constructor(
    private readonly keep = false,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }

  logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    // Transaction control statements are not work; count what reads or writes data.
    if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(query)) return;
    this.count++;
    if (this.keep) this.statements.push(query);
  }

  logQueryError(error: string | Error, query: string): void {
    this.onError(`${String(error)} in ${query}`);
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
