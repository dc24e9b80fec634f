import { Module } from '@nestjs/common';

/** Deadline processors and the reconciler live here. */
@Module({})
export class EscalationModule {}
