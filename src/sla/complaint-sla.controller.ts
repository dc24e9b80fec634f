import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { ComplaintSlaService } from './complaint-sla.service';
import { ComplaintSlaResponse } from './dto/complaint-sla.dto';

@ApiTags('sla')
@Controller('api/v1/complaints')
export class ComplaintSlaController {
  constructor(private readonly sla: ComplaintSlaService) {}

  /** The complaint's clocks: due time, elapsed and remaining business seconds, state, breach, and the ledger of every change. */
  @Get(':id/sla')
  @ApiOperation({ summary: "A complaint's SLA clocks", description: 'Due time, elapsed and remaining business seconds, state, breach, and the ledger of every change of each clock.' })
  view(@Param('id', UuidParamPipe) id: string): Promise<ComplaintSlaResponse> {
    return this.sla.view(id);
  }
}
