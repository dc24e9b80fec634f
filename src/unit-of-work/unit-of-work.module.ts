import { Module } from '@nestjs/common';
import { UnitOfWork } from './unit-of-work.service';

/** Transactions with their batched writes and Idempotency-Key replay. */
@Module({ providers: [UnitOfWork], exports: [UnitOfWork] })
export class UnitOfWorkModule {}
