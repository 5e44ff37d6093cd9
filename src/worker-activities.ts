import type { INestApplicationContext } from '@nestjs/common';
import { ComparisonActivitiesService } from './comparisons/workflow/comparison.activities.js';
import { SpecificationActivitiesService } from './specifications/workflow/specification.activities.js';
import { AssessmentCaseActivitiesService } from './standards/workflow/assessment-case.activities.js';

/**
 * Every activity the worker registers, bound from the application's services: the one list the
 * worker process and the tests' in-process workers share, so a new workflow's activities are added once.
 */
export function workerActivities(app: INestApplicationContext) {
  return {
    ...app.get(AssessmentCaseActivitiesService).bound(),
    ...app.get(ComparisonActivitiesService).bound(),
    ...app.get(SpecificationActivitiesService).bound(),
  };
}
