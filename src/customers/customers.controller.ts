import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { zhEnExamples } from '../common/http/api-examples';
import { ApiProblem } from '../common/http/api-problem.decorator';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { IdempotencyKey } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, CustomerPage, CustomerResponse, ListCustomersQueryDto } from './dto/customer.dto';

@ApiTags('customers')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Creates a customer profile; 409 when the externalRef already exists. */
  @Post()
  @ApiOperation({ summary: 'Create a customer', description: 'Creates a customer profile; 409 when the externalRef already exists.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key and body return the first response' })
  @ApiBody({
    type: CreateCustomerDto,
    examples: zhEnExamples(
      { externalRef: '13900001111', name: '张三', phone: '13900001111', tier: 'gold', valueSegment: 'A', churnSignals: ['contract_expiring'] },
      { externalRef: 'ACC-100234', name: 'Jane Smith', phone: '+44 20 7946 0000', tier: 'platinum', tenureMonths: 48 },
    ),
  })
  @ApiProblem(409, 'A customer with this externalRef exists (`conflict`, `existingId`), or a request with this Idempotency-Key is still running.')
  async create(
    @Body() dto: CreateCustomerDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CustomerResponse> {
    const result = await this.unitOfWork.run(
      async (tx) => {
        const { customer, created } = await this.customers.create(dto, tx);
        if (!created) throw new AppException(ErrorCode.CONFLICT, `A customer with externalRef ${dto.externalRef} exists`, { existingId: customer.id });
        return { status: 201, body: customer };
      },
      { key, scope: `${actor.type}:${actor.id ?? '-'}:POST /customers`, body: dto },
    );
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a customer' })
  get(@Param('id', UuidParamPipe) id: string): Promise<CustomerResponse> {
    return this.customers.get(id);
  }

  /** Lists customers, newest first; `?externalRef=` finds one by phone or account number. */
  @Get()
  @ApiOperation({ summary: 'List customers', description: 'Customers newest first; `?externalRef=` finds one by phone or account number.' })
  list(@Query() query: ListCustomersQueryDto): Promise<CustomerPage> {
    return this.customers.list(query);
  }
}
