// Which stages a run considers, in an order that respects the DAG. Whether a considered stage actually
// executes is decided when its turn comes (after its upstream ran), as `dvc repro` does: forced, always
// changed, or not up to date.

export interface PlanGraph {
  /** Stage ids in topological order (upstream first). */
  order: readonly string[];
  /** id → ids of the stages whose outputs it depends on. */
  upstream: ReadonlyMap<string, readonly string[]>;
  frozen: ReadonlySet<string>;
}

export interface PlanRequest {
  /** Stage ids asked for; empty = every stage. */
  targets: readonly string[];
  /** Also what depends on the targets. */
  downstream?: boolean;
  /** Only the targets, none of their upstream. */
  single?: boolean;
}

export interface Plan {
  /** Stages to consider, topological order. Frozen stages never appear. */
  stages: string[];
  /** Frozen stages that were asked for or reached (reported, never run). */
  frozen: string[];
}

export function downstreamMap(graph: PlanGraph): Map<string, string[]> {
  const down = new Map<string, string[]>(graph.order.map((id) => [id, []]));
  for (const [id, ups] of graph.upstream) for (const up of ups) down.get(up)?.push(id);
  return down;
}

export function makePlan(graph: PlanGraph, req: PlanRequest): Plan {
  const targets = req.targets.length > 0 ? req.targets : graph.order;
  const chosen = new Set<string>();
  const visit = (id: string, next: (id: string) => readonly string[]): void => {
    const stack = [id];
    while (stack.length > 0) {
      const cur = stack.pop() as string;
      if (chosen.has(cur)) continue;
      chosen.add(cur);
      // A frozen stage is not run, and neither is its upstream on its account (as DVC).
      if (!graph.frozen.has(cur)) stack.push(...next(cur));
    }
  };
  const up = (id: string): readonly string[] => graph.upstream.get(id) ?? [];
  const down = downstreamMap(graph);
  for (const t of targets) {
    if (req.single) chosen.add(t);
    else visit(t, up);
  }
  if (req.downstream) {
    // Descendants of the targets, plus what each of them needs.
    const descendants = new Set<string>();
    const stack = [...targets];
    while (stack.length > 0) {
      const cur = stack.pop() as string;
      for (const d of down.get(cur) ?? []) {
        if (descendants.has(d)) continue;
        descendants.add(d);
        stack.push(d);
      }
    }
    for (const d of descendants) {
      if (req.single) chosen.add(d);
      else visit(d, up);
    }
  }
  const ordered = graph.order.filter((id) => chosen.has(id));
  return {
    stages: ordered.filter((id) => !graph.frozen.has(id)),
    frozen: ordered.filter((id) => graph.frozen.has(id)),
  };
}
