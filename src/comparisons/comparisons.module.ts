import { Module } from '@nestjs/common';
import { ComparisonEvaluationController } from './http/comparison-evaluation.controller.js';

/** 计量比对: measurement comparisons. So far the what-if evaluation of results (reference value and En). */
@Module({
  controllers: [ComparisonEvaluationController],
})
export class ComparisonsModule {}
