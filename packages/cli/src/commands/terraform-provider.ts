import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { collect } from '../output';

/**
 * `warren terraform-provider mirror DIR`: writes Warren's coder/coder provider as a terraform
 * filesystem mirror, for running templates with terraform by hand. Provisioner daemons do not need
 * it: they serve the provider in-process.
 */
export function registerTerraformProvider(program: Command, ctx: CommandContext): void {
  const provider = program.command('terraform-provider').description("Warren's coder/coder Terraform provider");

  provider
    .command('mirror')
    .description('Write the coder/coder provider as a terraform filesystem mirror (runs with Node.js 20+ on the host)')
    .argument('<directory>', 'the mirror folder (created when missing)')
    .option('--provider-version <version>', 'a version to publish, checked against templates\' constraints (repeatable; default the version Warren follows)', collect)
    .option('--node <path>', 'the Node.js the provider runs with (default: node on terraform\'s PATH)')
    .action(async (directory: string, flags: { providerVersion?: string[]; node?: string }) => {
      const { writeProviderMirror } = await import('@warren/provisionerd/provider/mirror');
      const dir = path.resolve(directory);
      const mirror = await writeProviderMirror({ dir, versions: flags.providerVersion, node: flags.node }).catch((err: unknown) => {
        throw new CliError(`Could not write the provider mirror: ${err instanceof Error ? err.message : String(err)}`);
      });
      ctx.print([
        ...mirror.executables.map((file) => `Wrote ${file}`),
        '',
        'Node.js 20 or newer must be installed where terraform runs this provider.',
        'Use it with this terraform CLI configuration (save it as a file and point TF_CLI_CONFIG_FILE at it):',
        '',
        mirror.cliConfig,
      ].join('\n'));
    });
}
