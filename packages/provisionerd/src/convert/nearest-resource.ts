/**
 * Finding the infrastructure resource a Coder resource belongs to by walking the graph: agents walk
 * towards what depends on them, `coder_metadata` towards what it depends on.
 */
import type { DotGraph } from './dot-graph.js';
import type { ResourceIndex } from './resource-index.js';
import { compareStrings } from './resource-index.js';

export type WalkDirection = 'dependents' | 'dependencies';

/**
 * The label of the closest host resource reachable from `startNode` in `direction`: nodes next to
 * the start are at depth 0; the smallest depth wins and ties go to the smallest label. Host
 * resources are managed resources whose type does not start with `coder_`, plus
 * `coder_external_agent`. Returns undefined when none is reachable.
 */
export function nearestHostLabel(
  graph: DotGraph,
  index: ResourceIndex,
  startNode: string,
  direction: WalkDirection,
): string | undefined {
  const edges = graph[direction];
  const depthOf = new Map<string, number>();
  let frontier = [...(edges.get(startNode) ?? [])];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const name of frontier) {
      if (depthOf.has(name)) continue;
      depthOf.set(name, depth);
      next.push(...(edges.get(name) ?? []));
    }
    frontier = next;
  }

  let best: { label: string; depth: number } | undefined;
  for (const [name, depth] of depthOf) {
    const label = graph.nodes.get(name)?.label;
    if (label === undefined || !isHostLabel(index, label)) continue;
    if (!best || depth < best.depth || (depth === best.depth && compareStrings(label, best.label) < 0)) {
      best = { label, depth };
    }
  }
  return best?.label;
}

function isHostLabel(index: ResourceIndex, label: string): boolean {
  for (const resource of index.byLabel.get(label)?.values() ?? []) {
    if (resource.mode !== 'managed') continue;
    if (!resource.type.startsWith('coder_') || resource.type === 'coder_external_agent') return true;
  }
  return false;
}
