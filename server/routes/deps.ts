import type { Config } from '../config';
import type { Db } from '../db/types';
import type { Engine } from '../engine/runtime/runtime';
import type { Logger } from '../log';

/** What every route module is built with. */
export interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  engine: Engine;
}
