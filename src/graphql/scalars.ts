import { GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { normalizeMoney } from "../domain/money";
import { parseLocalDate } from "../domain/dates";
import { ValidationError } from "../domain/errors";
import { msg } from "../i18n";

/**
 * Money: a decimal string in yuan with at most two decimals (人民币元). Numbers are refused so that
 * no float ever carries money; Postgres NUMERIC(18,2) values are returned as they are stored.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description:
    'Amount of money in yuan (人民币元) as a decimal string with at most two decimals, e.g. "8000000.00". Never a float.',
  serialize(value) {
    if (typeof value === "string") return normalizeMoney(value, "Decimal");
    if (typeof value === "bigint") throw new TypeError("Decimal scalar got a bigint: format fen with formatMoney first");
    throw new TypeError(`Decimal scalar cannot serialize ${typeof value}`);
  },
  parseValue(value) {
    if (typeof value !== "string") throw notAString("Decimal", value);
    return normalizeMoney(value, "Decimal");
  },
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw notAString("Decimal", ast.kind === Kind.FLOAT || ast.kind === Kind.INT ? ast.value : ast.kind);
    return normalizeMoney(ast.value, "Decimal");
  },
});

/** A calendar date "YYYY-MM-DD" (China calendar date, no time or zone). */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: "LocalDate",
  description: 'A calendar date in the form "YYYY-MM-DD" (日期), in China Standard Time, without a time of day.',
  serialize(value) {
    if (typeof value === "string") return value;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    throw new TypeError(`LocalDate scalar cannot serialize ${typeof value}`);
  },
  parseValue(value) {
    if (typeof value !== "string") throw notAString("LocalDate", value);
    return parseLocalDate(value, "LocalDate");
  },
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw notAString("LocalDate", ast.kind);
    return parseLocalDate(ast.value, "LocalDate");
  },
});

function notAString(scalar: "Decimal" | "LocalDate", got: unknown): ValidationError {
  const text = scalar === "Decimal" ? msg("money.type", { got: String(got) }) : msg("date.type", { got: String(got) });
  return ValidationError.single(scalar, `${scalar === "Decimal" ? "money" : "date"}.type`, text);
}
