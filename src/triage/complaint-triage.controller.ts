import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../common/actor/actor';
import { IfMatchVersion } from '../common/http/if-match';
import { UuidParamPipe } from '../common/http/parse-uuid.pipe';
import { ComplaintResponse } from '../complaints/dto/complaint.response';
import { ComplaintTriageResponseDto } from './dto/complaint-triage.dto';
import { ConfirmTriageDto } from './dto/confirm-triage.dto';
import { TriageService } from './triage.service';

@ApiTags('triage')
@Controller('api/v1/complaints')
export class ComplaintTriageController {
  constructor(private readonly triage: TriageService) {}

  /** The complaint's triage: the suggestion made at intake, staff's confirmation, and handling guidance. */
  @Get(':id/triage')
  get(@Param('id', UuidParamPipe) id: string): Promise<ComplaintTriageResponseDto> {
    return this.triage.getForComplaint(id);
  }

  /** Confirms or corrects the triage; returns the complaint with its recomputed priority (and SLA deadlines). */
  @Put(':id/triage')
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected complaint version; a stale one gets 409' })
  async confirm(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ConfirmTriageDto,
    @CurrentActor() actor: Actor,
    @IfMatchVersion() version: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ComplaintResponse> {
    const complaint = await this.triage.confirm(id, dto, actor, version);
    res.setHeader('ETag', `"${complaint.version}"`);
    return complaint;
  }
}
