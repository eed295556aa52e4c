import { confirm, input, password } from '@inquirer/prompts';
import type { CliIO } from './io';
import { CliError } from './io';

/** Interactive questions; refused with a sentence naming the flag to use when nobody is at the keyboard. */
export class Prompter {
  constructor(private readonly io: CliIO) {}

  private context() {
    return { input: this.io.stdin, output: this.io.stdout };
  }

  private need(flag: string): void {
    if (!this.io.interactive) throw new CliError(`Missing ${flag}: it cannot be asked for because the input is not a terminal.`);
  }

  async text(message: string, flag: string, options: { default?: string; validate?: (v: string) => string | true } = {}): Promise<string> {
    this.need(flag);
    return input({ message, default: options.default, validate: options.validate }, this.context());
  }

  async secret(message: string, flag: string, validate?: (v: string) => string | true): Promise<string> {
    this.need(flag);
    return password({ message, mask: '*', validate }, this.context());
  }

  async yes(message: string, flag: string, fallback = false): Promise<boolean> {
    if (!this.io.interactive) {
      if (fallback) return true;
      throw new CliError(`Missing ${flag}: it cannot be asked for because the input is not a terminal.`);
    }
    return confirm({ message, default: true }, this.context());
  }
}
