import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../../identity/auth.guard.js';
import { evaluateComparison, type ComparisonEvaluation } from '../domain/evaluation.js';
import { EvaluateComparisonDto } from './evaluate-comparison.dto.js';

/**
 * 比对结果评价: a what-if evaluation of a comparison's results. It computes the reference value
 * and each lab's En from the body alone and records nothing.
 */
@ApiTags('comparisons (计量比对)')
@ApiBearerAuth()
@Controller('api/v1/comparisons')
export class ComparisonEvaluationController {
  @Post('evaluate')
  @HttpCode(200)
  @Permission('comparisons.evaluate')
  @ApiOperation({
    summary: 'Evaluate a comparison (what-if): the reference value by the method given, and each lab’s En with the formula used; records nothing',
    description:
      'Any authenticated role. A body the form refuses (fewer than two labs, a non-positive uncertainty or coverage factor, an unknown method, a pilot lab missing or not among the results for method pilot, ' +
      'duplicate lab names, numbers that are not finite) answers 400 with each field’s reason; a rule of the computation (too few labs left in the reference, Grubbs’ test outside 3 to 30 labs or with a method other than a mean) answers 422 with the rule.',
  })
  evaluate(@Body() body: EvaluateComparisonDto): ComparisonEvaluation {
    return evaluateComparison({
      method: body.method,
      ...(body.pilotLab !== undefined ? { pilotLab: body.pilotLab } : {}),
      unit: body.unit,
      ...(body.transferStandardUncertainty !== undefined ? { transferStandardUncertainty: body.transferStandardUncertainty } : {}),
      ...(body.outlierScreening !== undefined ? { outlierScreening: body.outlierScreening } : {}),
      results: body.results.map((result) => ({
        lab: result.lab,
        value: result.value,
        expandedUncertainty: result.expandedUncertainty,
        coverageFactor: result.coverageFactor,
        ...(result.inReference !== undefined ? { inReference: result.inReference } : {}),
      })),
    });
  }
}
