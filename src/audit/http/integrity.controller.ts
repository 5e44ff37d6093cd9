import { BadRequestException, Controller, Get, Header, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type Anchor, type EventStore } from '../../event-store/event-store.port.js';
import type { VerificationReport } from '../../event-store/verification.js';
import { Permission } from '../../identity/auth.guard.js';
import { collectEvidence, evidenceToJsonLines } from '../evidence-export.js';
import { STREAM_ID, VerifyQueryDto } from './verify-query.dto.js';

/**
 * Integrity of the record (完整性校验): recompute every hash, chain link and anchor, record
 * anchors, and export one stream as evidence that an auditor checks with
 * scripts/verify-evidence.mjs, without the application.
 */
@ApiTags('integrity')
@ApiBearerAuth()
@Controller('api/v1/integrity')
export class IntegrityController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('verify')
  @Permission('integrity.verify')
  @ApiOperation({ summary: 'Verify the event store, or one stream; 200 with ok:false and the first broken link when the record was altered' })
  verify(@Query() query: VerifyQueryDto): Promise<VerificationReport> {
    return this.store.verify(query.streamId ? { streamId: query.streamId } : {});
  }

  @Post('anchors')
  @HttpCode(201)
  @Permission('integrity.anchor')
  @ApiOperation({ summary: 'Record an anchor over every stream head, so that a later deletion of a tail is detected' })
  createAnchor(): Promise<Anchor> {
    return this.store.createAnchor();
  }

  @Get('streams/:streamId/export')
  @Permission('integrity.export')
  @Header('Content-Type', 'application/x-ndjson')
  @ApiProduces('application/x-ndjson')
  @ApiParam({ name: 'streamId', description: '1 to 200 characters of letters, digits, ".", "_", ":", "@" or "-"' })
  @ApiOperation({ summary: "One stream's evidence as JSON lines: a header, its events as hashed, the anchors that cover it" })
  async export(@Param('streamId') streamId: string): Promise<string> {
    if (!STREAM_ID.test(streamId)) throw new BadRequestException('streamId must be 1 to 200 characters of letters, digits, ".", "_", ":", "@" or "-"');
    const evidence = await collectEvidence(this.store, streamId);
    if (evidence.events.length === 0) throw new NotFoundException(`stream "${streamId}" has no events`);
    return evidenceToJsonLines(evidence);
  }
}
