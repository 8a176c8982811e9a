/** The abuse cases of issue 14: refused by test/integration/limits.test.ts, timed by `npm run bench:abuse`. */
export const ABUSE = {
  aliases: (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: firms(first: 1) { totalCount }`).join(" ")} }`,
  tokens1MB: () => `{ firms { ${"a ".repeat(500_000)} } }`,
  directives: (n: number) => `{ firms { totalCount${" @include(if: true)".repeat(n)} } }`,
  repeated: (n: number) => `{ firms { ${"totalCount ".repeat(n)} } }`,
  /** Each fragment spreads the next one twice: 2^levels copies of totalCount once expanded. */
  fragmentBomb: (levels: number) =>
    `{ firms { ...F0 } } ${Array.from({ length: levels }, (_, i) => `fragment F${i} on FirmConnection { ...F${i + 1} ...F${i + 1} }`).join(" ")} fragment F${levels} on FirmConnection { totalCount }`,
  deep: (levels: number) => `{ firms { edges { node { ${"certifications { firm { ".repeat(levels)}id${" } }".repeat(levels)} } } } }`,
};
