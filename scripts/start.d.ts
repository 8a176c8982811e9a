/** Types of scripts/start.js (plain JavaScript: it runs before anything is compiled). */
export interface SourceTime {
  path: string;
  mtimeMs: number;
}

export interface BuildInput {
  /** Modification time of dist/.build-stamp (the start of the last successful build); null when absent. */
  stampMs: number | null;
  /** Whether dist/src/index.js exists. */
  entryExists: boolean;
  /** The build's sources, files and directories, with their modification times. */
  sources: SourceTime[];
}

export function buildDecision(input: BuildInput): { build: boolean; reason: string };
export function sourceTimes(root?: string, entries?: string[]): SourceTime[];
export const SOURCES: string[];
