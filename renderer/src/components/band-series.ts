/**
 * An interval band as two stacked line series: an invisible lower line and the band's height
 * stacked on it, filled. This only draws the engine's bounds; a missing bound leaves a gap.
 */
export function bandSeries(name: string, bounds: ReadonlyArray<readonly [number | null, number | null]>, color: string, opacity: number, stack = name) {
  return [
    {
      name: `${name} lower`,
      type: 'line' as const,
      stack,
      // 'all': stack across signs too (the default stacks only same-signed values).
      stackStrategy: 'all' as const,
      data: bounds.map(([lower]) => lower),
      lineStyle: { opacity: 0 },
      showSymbol: false,
      silent: true,
      tooltip: { show: false },
    },
    {
      name,
      type: 'line' as const,
      stack,
      stackStrategy: 'all' as const,
      data: bounds.map(([lower, upper]) => (lower === null || upper === null ? null : upper - lower)),
      lineStyle: { opacity: 0 },
      areaStyle: { color, opacity },
      itemStyle: { color },
      showSymbol: false,
      silent: true,
      tooltip: { show: false },
    },
  ];
}
