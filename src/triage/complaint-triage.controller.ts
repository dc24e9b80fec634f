import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { ComplaintTriageResponseDto } from './dto/complaint-triage.dto';
import { TriageService } from './triage.service';

@ApiTags('triage')
@Controller('api/v1/complaints')
export class ComplaintTriageController {
  constructor(private readonly triage: TriageService) {}

  /** The complaint's triage: the suggestion made at intake, staff's confirmation, and handling guidance. */
  @Get(':id/triage')
  @ApiOperation({ summary: "A complaint's triage", description: 'The suggestion made at intake, staff\'s confirmation, and handling guidance.' })
  get(@Param('id', UuidParamPipe) id: string): Promise<ComplaintTriageResponseDto> {
    return this.triage.getForComplaint(id);
  }
}
