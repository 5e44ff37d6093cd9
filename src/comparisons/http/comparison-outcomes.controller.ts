import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor } from '../../identity/roles.js';
import type { ComparisonOutcome } from '../projections/comparison-outcomes.projection.js';
import { ListComparisonOutcomesQuery } from '../queries/comparison.queries.js';

export class ComparisonOutcomesQueryDto {
  @ApiPropertyOptional({ description: "The institution whose outcomes to list; an institution's own by default. The authority's roles may name any, or none for all." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  institutionId?: string;
}

/**
 * 比对结果与计量标准: each institution's outcomes in published comparisons (satisfactory or not, with
 * En) and the follow-up an unsatisfactory one opened. Registered before the comparisons controller so
 * that `outcomes` is not taken for a comparison id.
 */
@ApiTags('comparisons (计量比对)')
@ApiBearerAuth()
@Controller('api/v1/comparisons/outcomes')
export class ComparisonOutcomesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Permission('comparisons.outcomes')
  @ApiOperation({ summary: "Comparison outcomes per institution from published results (an institution its own; the authority all), with each unsatisfactory lab's follow-up" })
  outcomes(@CurrentActor() actor: Actor, @Query() query: ComparisonOutcomesQueryDto): Promise<(ComparisonOutcome & { institutionId: string })[]> {
    return this.queryBus.execute(new ListComparisonOutcomesQuery(actor, query.institutionId));
  }
}
