import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { versionJson, versionLine } from '../version-text';

/** `coder version [--output text|json]`: this program's version, as IDE extensions check it. */
export function registerVersion(program: Command, ctx: CommandContext): void {
  program
    .command('version')
    .description('Show the version of this program')
    .option('-o, --output <format>', 'text or json', 'text')
    .action((flags: { output: string }) => {
      if (flags.output === 'json') ctx.print(JSON.stringify(versionJson(), null, 2));
      else if (flags.output === 'text') ctx.print(versionLine());
      else throw new CliError(`Unknown output format "${flags.output}": use text or json.`);
    });
}
