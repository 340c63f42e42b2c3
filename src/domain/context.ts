// What every domain function receives: the database and the clock, passed in explicitly.
import type { Db } from '../db/client';
import type { Clock } from './clock';

export interface DomainContext {
  db: Db;
  clock: Clock;
}

/** The database handle inside a transaction (drizzle's `tx`), accepted wherever `Db` is. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
