/** Exit codes (shared/scenario-format.md): 0 all expectations hold, 1 one fails, 2 invalid input. */

export const EXIT_OK = 0;
export const EXIT_EXPECTATION_FAILED = 1;
export const EXIT_INVALID_INPUT = 2;
export const EXIT_INTERNAL = 70;

export interface Outcome {
  readonly code: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export const exitWith = (outcome: Outcome): never => {
  if (outcome.stdout !== undefined && outcome.stdout !== '') process.stdout.write(outcome.stdout);
  if (outcome.stderr !== undefined && outcome.stderr !== '') process.stderr.write(outcome.stderr);
  process.exitCode = outcome.code;
  // Let stdout drain (a pipe may be slower than us) before the process ends.
  process.stdout.write('', () => process.exit(outcome.code));
  return undefined as never;
};

export const invalidInput = (message: string): Outcome => ({ code: EXIT_INVALID_INPUT, stderr: `${message.replace(/\n*$/, '')}\n` });

export const failInput = (message: string): never => exitWith(invalidInput(message));

export const internalError = (e: unknown): never => {
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`kubesim: internal error (a bug in kubesim, please report it):\n${detail}\n`);
  process.exit(EXIT_INTERNAL);
};
