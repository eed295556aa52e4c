import { absentFixturesLine } from './support/shared-fixtures';

/** Says once per run, in one line, which shared fixtures are absent and so which cases skip. */
export default function setup(): void {
  const line = absentFixturesLine();
  if (line) process.stderr.write(`${line}\n`);
}
