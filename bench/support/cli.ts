/**
 * The benchmarks' command-line options (`npm run bench:… -- --flag value`): unknown flags are refused,
 * `--help` prints the usage and exits.
 */
export interface Cli {
  /** The value after `flag`, or undefined when the flag is absent. */
  value(flag: string): string | undefined;
  /** An integer option ≥ `min`, or `fallback` when absent. */
  int(flag: string, fallback: number, min: number): number;
  /** Whether a switch is given. */
  has(flag: string): boolean;
}

export function parseCli(argv: readonly string[], known: readonly string[], usage: string): Cli {
  for (const a of argv) if (a.startsWith("--") && a !== "--help" && !known.includes(a)) throw new Error(`unknown option ${a} (try --help)`);
  if (argv.includes("--help")) {
    console.log(usage);
    process.exit(0);
  }
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  return {
    value,
    int(flag, fallback, min) {
      const raw = value(flag);
      if (raw === undefined) return fallback;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer ≥ ${min}, got '${raw}'`);
      return n;
    },
    has: (flag) => argv.includes(flag),
  };
}
