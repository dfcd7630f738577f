import type { ColumnDefinition, EnvironmentKind, Role, RuleNode } from '@outport/core';

export type DemoValue = string | number | boolean | null;
export type DemoRow = Record<string, DemoValue>;

export interface DemoUser {
  email: string;
  name: string;
  password: string;
  /** The user's role in every demo environment. */
  role: Role;
}

export interface DemoTable {
  name: string;
  keyColumn: string;
  columns: ColumnDefinition[];
  rowCount: number;
  /** Rows generated lazily; every call starts over and yields the same rows. */
  rows(): Iterable<DemoRow>;
}

export interface DemoSegment {
  name: string;
  description: string;
  baseTable: string;
  rule: RuleNode;
}

export interface DemoEnvironment {
  slug: string;
  name: string;
  kind: EnvironmentKind;
  tables: DemoTable[];
  segments: DemoSegment[];
}

export interface DemoOptions {
  /** Multiplies row counts (default 1). Use 0.02 for fast tests. */
  scale?: number;
  /** PRNG seed (default {@link DEFAULT_SEED}). Same seed → identical data. */
  seed?: number;
}
