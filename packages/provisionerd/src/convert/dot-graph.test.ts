import { describe, expect, it } from 'vitest';
import { findNodeByLabel, parseDotGraph } from './dot-graph.js';

const TERRAFORM_GRAPH = String.raw`digraph {
	compound = "true"
	newrank = "true"
	subgraph "root" {
		"[root] coder_agent.main (expand)" [label = "coder_agent.main", shape = "box"]
		"[root] module.m.null_resource.x (expand)" [label = "module.m.null_resource.x", shape = "box"]
		"[root] provider[\"registry.terraform.io/coder/coder\"]" [label = "provider[\"registry.terraform.io/coder/coder\"]", shape = "diamond"]
		"[root] coder_agent.main (expand)" -> "[root] provider[\"registry.terraform.io/coder/coder\"]"
		"[root] module.m.var.script (expand)" -> "[root] coder_agent.main (expand)"
		"[root] module.m.null_resource.x (expand)" -> "[root] module.m.var.script (expand)"
	}
}`;

describe('parseDotGraph', () => {
  it('reads terraform graph nodes, labels with escaped quotes and edges inside subgraphs', () => {
    const graph = parseDotGraph(TERRAFORM_GRAPH);
    expect(graph.nodes.get('[root] coder_agent.main (expand)')).toEqual({
      name: '[root] coder_agent.main (expand)',
      label: 'coder_agent.main',
    });
    expect(graph.nodes.get('[root] provider["registry.terraform.io/coder/coder"]')?.label).toBe(
      'provider["registry.terraform.io/coder/coder"]',
    );
    expect(graph.edges).toHaveLength(3);
    expect([...(graph.dependents.get('[root] coder_agent.main (expand)') ?? [])]).toEqual([
      '[root] module.m.var.script (expand)',
    ]);
  });

  it('keeps nodes that only appear in edges, without a label', () => {
    const graph = parseDotGraph(TERRAFORM_GRAPH);
    expect(graph.nodes.get('[root] module.m.var.script (expand)')).toEqual({ name: '[root] module.m.var.script (expand)' });
  });

  it('expands edge chains and node groups into single edges', () => {
    const graph = parseDotGraph('digraph { a -> b -> c [color = red]; d -> {e f} }');
    expect(graph.edges.map((edge) => `${edge.from}>${edge.to}`)).toEqual(['a>b', 'b>c', 'd>e', 'd>f']);
    expect([...(graph.dependencies.get('d') ?? [])]).toEqual(['e', 'f']);
  });

  it('finds a node by its label', () => {
    const graph = parseDotGraph(TERRAFORM_GRAPH);
    expect(findNodeByLabel(graph, 'module.m.null_resource.x')?.name).toBe('[root] module.m.null_resource.x (expand)');
    expect(findNodeByLabel(graph, 'null_resource.missing')).toBeUndefined();
  });

  it('fails on text that is not DOT', () => {
    expect(() => parseDotGraph('digraph { "unterminated }')).toThrow(/^parse graph: /);
  });
});
