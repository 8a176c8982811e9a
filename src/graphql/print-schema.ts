import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";

/** The committed SDL: sorted so that it changes only when the API does. */
export function printSchemaArtifact(schema: GraphQLSchema): string {
  return `# Generated from the code by \`npm run schema\`; do not edit. A test fails when it drifts.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
