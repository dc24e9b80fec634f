import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Creation and change times, and the version used for optimistic concurrency. */
export abstract class VersionedEntity {
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
