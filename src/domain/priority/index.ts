export { derivePriority, DEFAULT_PRIORITY_WEIGHTS, PRIORITIES } from './priority';
export type { Priority, PriorityInput, PriorityResult, PriorityWeights, ValueSegment } from './priority';
