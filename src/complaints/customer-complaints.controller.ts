import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OmitType } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor/actor';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { ComplaintsService } from './complaints.service';
import { ComplaintPage } from './dto/complaint.response';
import { ListComplaintsQueryDto } from './dto/list-complaints.query.dto';

export class CustomerComplaintsQueryDto extends OmitType(ListComplaintsQueryDto, ['customerId', 'phone'] as const) {}

/** A customer's complaints: the complaints module's read under the customer's path. */
@ApiTags('customers')
@Controller('api/v1/customers')
export class CustomerComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Get(':id/complaints')
  @ApiOperation({
    summary: "A customer's complaints (客户的投诉)",
    description: 'Newest first, with the list filters; each with status, owner, what was promised and by when, and the last customer-visible note. 404 when the customer does not exist.',
  })
  async list(@Param('id', UuidParamPipe) id: string, @Query() query: CustomerComplaintsQueryDto, @CurrentActor() actor: Actor): Promise<ComplaintPage> {
    const page = await this.complaints.list({ ...query, customerId: id }, actor);
    if (page.items.length === 0 && !query.cursor) await this.complaints.customerExists(id);
    return page;
  }
}
