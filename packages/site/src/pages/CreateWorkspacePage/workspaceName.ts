import { nameSchema } from '@warren/sdk/users';

const ADJECTIVES = ['amber', 'brave', 'calm', 'clever', 'eager', 'fancy', 'gentle', 'happy', 'jolly', 'keen', 'lively', 'lucky', 'mellow', 'nimble', 'proud', 'quick', 'quiet', 'swift', 'tidy', 'witty'];
const ANIMALS = ['badger', 'beaver', 'bison', 'crane', 'dolphin', 'falcon', 'ferret', 'gecko', 'heron', 'koala', 'lemur', 'lynx', 'marten', 'otter', 'panda', 'puffin', 'raven', 'seal', 'tapir', 'wombat'];

const pick = (list: string[], random: () => number) => list[Math.floor(random() * list.length)]!;

/** A friendly, valid workspace name such as "swift-otter", as Coder's form suggests. */
export function suggestWorkspaceName(random: () => number = Math.random): string {
  return `${pick(ADJECTIVES, random)}-${pick(ANIMALS, random)}`;
}

/** What is wrong with a workspace name (Coder's rule: letters, digits, single hyphens, ≤ 32). */
export function workspaceNameProblem(name: string): string | undefined {
  const parsed = nameSchema.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}
