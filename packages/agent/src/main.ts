/** Entry of the agent alone (`node --import tsx main.ts agent`); the shipped binary's entry is packages/cli/src/binary.ts. */
import { runAgentCommand } from './command';

void runAgentCommand(process.argv.slice(2));
