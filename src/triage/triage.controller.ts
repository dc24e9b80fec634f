import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AnalyzeTriageDto } from './dto/analyze-triage.dto';
import { TriageAnalysisResponseDto } from './dto/triage-analysis.dto';
import { ListCorrectionsQueryDto, TriageCorrectionPageDto } from './dto/triage-correction.dto';
import { TriageService } from './triage.service';

@ApiTags('triage')
@Controller('api/v1/triage')
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  /** Reads emotional and rational needs, risk flags and intensity from Chinese, English or mixed text, with handling guidance. */
  @Post('analyze')
  @HttpCode(200)
  analyze(@Body() dto: AnalyzeTriageDto): TriageAnalysisResponseDto {
    return this.triage.analyze(dto);
  }

  /** Staff corrections of triage suggestions, newest first: what to improve in the lexicon. */
  @Get('corrections')
  corrections(@Query() query: ListCorrectionsQueryDto): Promise<TriageCorrectionPageDto> {
    return this.triage.listCorrections(query);
  }
}
