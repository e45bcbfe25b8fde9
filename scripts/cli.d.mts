// Types of scripts/cli.mjs for the TypeScript runners that use it (bundled by esbuild; type-checked by tsc).
export interface CliOption {
  type: 'string' | 'boolean';
  short?: string;
  default?: string | boolean;
  valueName?: string;
  description?: string;
  hidden?: boolean;
}
export interface CliSpec {
  usage: string;
  summary?: string;
  options?: Record<string, CliOption>;
  positionals?: {name: string; description?: string}[];
  notes?: string;
  argv?: string[];
}
export function usageText(spec: CliSpec): string;
export function parseCli(spec: CliSpec): {values: Record<string, string | boolean | undefined>; positionals: string[]};
export function usageError(spec: CliSpec, message: string): never;
