import fs from "node:fs";
import path from "node:path";
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, type GraphQLSchema } from "graphql";
import { getSchema } from "../../src/graphql/schema";
import { printSchemaArtifact } from "../../src/graphql/print-schema";

describe("schema/schema.graphql", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await getSchema();
  });

  it("is what the code generates (run `npm run schema` and commit it when this fails)", () => {
    const committed = fs.readFileSync(path.join(__dirname, "..", "..", "schema", "schema.graphql"), "utf8");
    expect(committed).toBe(printSchemaArtifact(schema));
  });

  it("documents every type, field, argument, input field and enum value", () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      if (isScalarType(type) && ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
      // The root operation types cannot carry a description in type-graphql; their fields do.
      if (!type.description && !["Query", "Mutation"].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
