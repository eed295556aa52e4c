/**
 * The dependency graph printed by `terraform graph`, parsed with @ts-graphviz/ast.
 *
 * Node names look like `[root] coder_agent.main (expand)` and carry `label = "coder_agent.main"`;
 * edges go from a dependent to its dependency. Nodes that appear only in edges (such as
 * `[root] module.x.var.y (expand)`) exist without a label. Subgraphs are flattened.
 */
import { parse } from '@ts-graphviz/ast';
import type { ClusterStatementASTNode, EdgeTargetASTNode } from '@ts-graphviz/ast';

export interface DotNode {
  name: string;
  label?: string;
}

export interface DotEdge {
  from: string;
  to: string;
}

export interface DotGraph {
  /** Every node, in order of first appearance. */
  nodes: Map<string, DotNode>;
  edges: DotEdge[];
  /** Node name → names of the nodes it depends on (edge targets). */
  dependencies: Map<string, Set<string>>;
  /** Node name → names of the nodes that depend on it (edge sources). */
  dependents: Map<string, Set<string>>;
}

/** Parses DOT text; throws `parse graph: ...` when the text is not DOT. */
export function parseDotGraph(dot: string): DotGraph {
  let statements: ClusterStatementASTNode[];
  try {
    statements = parse(dot).children.flatMap((child) => (child.type === 'Graph' ? child.children : []));
  } catch (error) {
    throw new Error(`parse graph: ${error instanceof Error ? error.message : String(error)}`);
  }
  const graph: DotGraph = { nodes: new Map(), edges: [], dependencies: new Map(), dependents: new Map() };
  addStatements(graph, statements);
  return graph;
}

/** The first node whose label is `label`. */
export function findNodeByLabel(graph: DotGraph, label: string): DotNode | undefined {
  for (const node of graph.nodes.values()) {
    if (node.label === label) return node;
  }
  return undefined;
}

function addStatements(graph: DotGraph, statements: ClusterStatementASTNode[]): void {
  for (const statement of statements) {
    switch (statement.type) {
      case 'Node': {
        const node = ensureNode(graph, statement.id.value);
        for (const attribute of statement.children) {
          if (attribute.type === 'Attribute' && attribute.key.value === 'label') {
            node.label = attribute.value.value;
          }
        }
        break;
      }
      case 'Edge':
        addEdgeChain(graph, statement.targets);
        break;
      case 'Subgraph':
        addStatements(graph, statement.children);
        break;
      default:
        break;
    }
  }
}

function addEdgeChain(graph: DotGraph, targets: readonly EdgeTargetASTNode[]): void {
  const groups = targets.map((target) =>
    target.type === 'NodeRef' ? [target.id.value] : target.children.map((ref) => ref.id.value),
  );
  for (const names of groups) names.forEach((name) => ensureNode(graph, name));
  for (let i = 0; i + 1 < groups.length; i++) {
    for (const from of groups[i] ?? []) {
      for (const to of groups[i + 1] ?? []) addEdge(graph, from, to);
    }
  }
}

function addEdge(graph: DotGraph, from: string, to: string): void {
  graph.edges.push({ from, to });
  setOf(graph.dependencies, from).add(to);
  setOf(graph.dependents, to).add(from);
}

function ensureNode(graph: DotGraph, name: string): DotNode {
  let node = graph.nodes.get(name);
  if (!node) {
    node = { name };
    graph.nodes.set(name, node);
  }
  return node;
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}
