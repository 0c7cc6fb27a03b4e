/**
 * What a command hands back, and how it reaches the terminal: one JSON object for scripts,
 * or lines for people, coloured only on a TTY and never when NO_COLOR is set
 * (https://no-color.org).
 */

/** One command's outcome: its exit code, the JSON report, and the lines a person reads. */
export interface CommandResult {
  readonly exitCode: number;
  readonly json: Record<string, unknown>;
  readonly lines: readonly Line[];
}

/** A line of terminal output; `tone` picks a colour when colours are on. */
export interface Line {
  readonly text: string;
  readonly tone?: 'good' | 'bad' | 'warn' | 'dim' | undefined;
}

const TONES = { good: 32, bad: 31, warn: 33, dim: 2 } as const;

/**
 * Whether to colour: stdout is a terminal and NO_COLOR is unset or empty.
 *
 * @example
 * ```ts
 * const colour = useColour(process.stdout, process.env);
 * ```
 */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/**
 * Renders a result as the text written to stdout.
 *
 * @example
 * ```ts
 * process.stdout.write(render(result, { json: false, colour: false }));
 * ```
 */
export function render(result: CommandResult, mode: { json: boolean; colour: boolean }): string {
  if (mode.json) return `${JSON.stringify(result.json, null, 2)}\n`;
  return result.lines
    .map(({ text, tone }) =>
      mode.colour && tone ? `\u001b[${TONES[tone]}m${text}\u001b[0m` : text,
    )
    .map((text) => `${text}\n`)
    .join('');
}
