import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { chinaDate } from '../../calendar/working-days.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { REGISTRY_INSTITUTIONS, type InstitutionView } from '../../identity/registry/projections/registry.projection.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { STANDARDS_REGISTRY, type StandardRegistryView } from '../../standards/projections/standards-registry.projection.js';
import { computeProgress, type ProgressReport } from '../domain/plan-progress.js';
import {
  PLAN_COMPARISONS,
  PLAN_OVERDUE_STEPS,
  PLAN_SPECIFICATIONS,
  PLAN_STANDARD_CASES,
  type PlanComparison,
  type PlanOverdueStep,
  type PlanSpecification,
  type PlanStandardCase,
} from '../projections/plan-facts.projection.js';
import { PLAN_TARGETS, type PlanTargetsRegistry } from '../targets/plan-targets.js';
import { GetPlanProgressQuery } from './plan-progress.query.js';

@QueryHandler(GetPlanProgressQuery)
export class GetPlanProgressHandler implements IQueryHandler<GetPlanProgressQuery, ProgressReport> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLAN_TARGETS) private readonly targets: PlanTargetsRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ jurisdiction, period }: GetPlanProgressQuery): Promise<ProgressReport> {
    const targets = this.targets.pick(jurisdiction, period);
    const [cases, specifications, comparisons, overdue, institutions, standards] = await Promise.all([
      this.store.listDocuments<PlanStandardCase>(PLAN_STANDARD_CASES),
      this.store.listDocuments<PlanSpecification>(PLAN_SPECIFICATIONS),
      this.store.listDocuments<PlanComparison>(PLAN_COMPARISONS),
      this.store.listDocuments<PlanOverdueStep>(PLAN_OVERDUE_STEPS),
      this.store.listDocuments<InstitutionView>(REGISTRY_INSTITUTIONS),
      this.store.listDocuments<StandardRegistryView>(STANDARDS_REGISTRY),
    ]);
    return computeProgress({ targets, cases, specifications, comparisons, overdue, institutions, standards, today: chinaDate(this.clock.now()) });
  }
}
