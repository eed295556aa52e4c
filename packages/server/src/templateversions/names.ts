import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'admiring', 'agitated', 'amazing', 'awesome', 'blissful', 'bold', 'brave', 'charming', 'clever', 'compassionate',
  'competent', 'confident', 'cool', 'dazzling', 'determined', 'eager', 'ecstatic', 'elegant', 'epic', 'festive',
  'focused', 'friendly', 'gallant', 'gifted', 'happy', 'hopeful', 'inspiring', 'jolly', 'keen', 'kind', 'laughing',
  'loving', 'lucid', 'magical', 'modest', 'nice', 'optimistic', 'peaceful', 'practical', 'quirky', 'relaxed',
  'serene', 'sharp', 'stoic', 'sweet', 'tender', 'trusting', 'upbeat', 'vibrant', 'vigilant', 'wizardly', 'zealous',
];
const SCIENTISTS = [
  'agnesi', 'albattani', 'archimedes', 'babbage', 'bardeen', 'bohr', 'cannon', 'curie', 'darwin', 'dijkstra', 'easley',
  'einstein', 'euclid', 'euler', 'faraday', 'fermat', 'feynman', 'franklin', 'galileo', 'gauss', 'goldberg', 'hamilton',
  'hawking', 'hopper', 'hypatia', 'johnson', 'kepler', 'knuth', 'lamarr', 'lovelace', 'mayer', 'meitner', 'newton',
  'noether', 'pascal', 'poincare', 'ritchie', 'shannon', 'thompson', 'turing', 'wilson', 'wozniak', 'yalow',
];

/** A random `adjective_scientist` name for a template version created without one. */
export function randomVersionName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${SCIENTISTS[randomInt(SCIENTISTS.length)]}${randomInt(10)}`;
}
