/**
 * Answers to questions for commands that, like Coder's, ask even when no terminal is attached: at
 * a terminal they prompt; otherwise each answer is the next line of standard input, so
 * `printf 'secret\nsecret\n' | warren reset-password admin` works in scripts.
 */
import type { Readable } from 'node:stream';
import type { CliIO } from '../io';
import { CliError } from '../io';
import { Prompter } from '../prompt';

export class Answers {
  private buffered = '';
  private ended = false;
  private readonly prompter: Prompter;

  constructor(private readonly io: CliIO) {
    this.prompter = new Prompter(io);
  }

  private async nextLine(question: string): Promise<string> {
    const stdin: Readable = this.io.stdin;
    for (;;) {
      const nl = this.buffered.indexOf('\n');
      if (nl >= 0) {
        const line = this.buffered.slice(0, nl).replace(/\r$/, '');
        this.buffered = this.buffered.slice(nl + 1);
        return line;
      }
      if (this.ended) {
        if (this.buffered) {
          const line = this.buffered;
          this.buffered = '';
          return line;
        }
        throw new CliError(`Standard input ended before the answer to "${question}" was given.`);
      }
      const chunk = await new Promise<string | undefined>((resolve) => {
        const onData = (c: Buffer | string) => (cleanup(), resolve(String(c)));
        const onEnd = () => (cleanup(), resolve(undefined));
        const cleanup = () => {
          stdin.off('data', onData);
          stdin.off('end', onEnd);
          stdin.pause();
        };
        stdin.on('data', onData);
        stdin.once('end', onEnd);
        stdin.resume();
      });
      if (chunk === undefined) this.ended = true;
      else this.buffered += chunk;
    }
  }

  /** A visible answer; `check` answers a sentence for a refused value. */
  async text(question: string, flag: string, check: (v: string) => string | undefined): Promise<string> {
    if (this.io.interactive) return this.prompter.text(question, flag, { validate: (v) => check(v) ?? true });
    return this.checked(await this.nextLine(question), check);
  }

  /** A hidden answer (passwords). */
  async secret(question: string, flag: string, check: (v: string) => string | undefined): Promise<string> {
    if (this.io.interactive) return this.prompter.secret(question, flag, (v) => check(v) ?? true);
    return this.checked(await this.nextLine(question), check);
  }

  private checked(value: string, check: (v: string) => string | undefined): string {
    const problem = check(value);
    if (problem) throw new CliError(problem);
    return value;
  }
}
