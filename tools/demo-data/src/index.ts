/**
 * @outport/demo-data: deterministic, dependency-free generator of realistic demo environments
 * (tables with lazily generated rows, segments with rules, demo users). Pure: no I/O, no clock.
 */
import { consumerBrand } from './consumer.js';
import { industrialSupplier } from './industrial.js';
import type { DemoEnvironment, DemoOptions } from './types.js';

export type { DemoEnvironment, DemoOptions, DemoRow, DemoSegment, DemoTable, DemoUser, DemoValue } from './types.js';
export { DEMO_USERS } from './users.js';
export { REFERENCE_DATE } from './format.js';

export const DEFAULT_SEED = 20261101;

/** Builds the demo environments. Cheap: rows are only generated when a table's rows() is iterated. */
export function demoEnvironments(options: DemoOptions = {}): DemoEnvironment[] {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  return [consumerBrand(seed, scale), industrialSupplier(seed, scale)];
}
