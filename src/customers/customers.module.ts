import { Module } from '@nestjs/common';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';

/** Owns the customers table: profiles, tier, value segment, credit grade, churn signals. */
@Module({ imports: [UnitOfWorkModule], controllers: [CustomersController], providers: [CustomersService], exports: [CustomersService] })
export class CustomersModule {}
