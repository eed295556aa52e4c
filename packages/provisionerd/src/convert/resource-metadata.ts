/** `coder_metadata` resources → the metadata, icon, cost and visibility of the resource they describe. */
import { findNodeByLabel } from './dot-graph.js';
import type { DotGraph } from './dot-graph.js';
import { addressToLabel } from './addresses.js';
import { ConvertStateError } from './errors.js';
import { nearestHostLabel } from './nearest-resource.js';
import { decode } from './resource-index.js';
import type { ResourceIndex } from './resource-index.js';
import type { ResourceMetadataItem } from '@warren/sdk/provisioner-resources';

export interface ResourceDecoration {
  metadata: ResourceMetadataItem[];
  hide: boolean;
  icon: string;
  dailyCost: number;
}

/**
 * Each `coder_metadata` describes the closest host resource it depends on. Returns the decoration
 * per host label; a second `coder_metadata` for the same host is an error.
 */
export function decorationsByLabel(graph: DotGraph, index: ResourceIndex): Map<string, ResourceDecoration> {
  const decorations = new Map<string, ResourceDecoration>();
  for (const resource of index.ofType('coder_metadata')) {
    const decoration = decode('metadata', resource, (attrs) => ({
      hide: attrs.boolean('hide'),
      icon: attrs.string('icon'),
      dailyCost: attrs.integer('daily_cost'),
      metadata: attrs.blocks('item').map((item) => ({
        key: item.string('key'),
        value: item.string('value'),
        sensitive: item.boolean('sensitive'),
        isNull: item.boolean('is_null'),
      })),
    }));
    const node = findNodeByLabel(graph, addressToLabel(resource.address));
    if (!node) continue;
    const target = nearestHostLabel(graph, index, node.name, 'dependencies');
    if (target === undefined) continue;
    if (decorations.has(target)) throw new ConvertStateError(`duplicate metadata resource: ${target}`);
    decorations.set(target, decoration);
  }
  return decorations;
}
