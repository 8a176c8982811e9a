/**
 * Data source for the TypeORM CLI (`npm run migration:generate -- migrations/Name`,
 * `npm run migration:run`, `npm run migration:show`). It needs DATABASE_URL: point it at a scratch
 * database, e.g. postgres://postgres@127.0.0.1:5432/srdi_dev, or at the embedded server that
 * `npm start` prints.
 */
import { createDataSource } from "./src/db/data-source";

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error("Set DATABASE_URL for the TypeORM CLI (see README: Migrations).");
}

export default createDataSource({ url });
