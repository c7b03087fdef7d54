/**
 * Which of a stream's video layers an origin sends a pulling edge: all of
 * them (the edge's viewers keep adaptive quality), or the one whose height is
 * nearest the edge's configured resolution (Ant Media's "registration to a
 * specific resolution"; the lower one on a tie, the cheaper to carry).
 */
export function pulledLayers<L extends { frameHeight: number }>(layers: readonly L[], wanted: 'all' | number): L[] {
  if (wanted === 'all' || layers.length === 0) return [...layers];
  const distance = (layer: L) => Math.abs(layer.frameHeight - wanted);
  return [layers.reduce((best, layer) => (distance(layer) < distance(best) ? layer : best))];
}
