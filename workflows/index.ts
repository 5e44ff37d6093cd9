// Every workflow the worker registers; bundled for the workflow sandbox.
export { assessmentCaseWorkflow } from './assessment-case.workflow.js';
export { certificateWorkflow } from './certificate.workflow.js';
export { comparisonWorkflow } from './comparison.workflow.js';
export { specificationProjectWorkflow } from './specification.workflow.js';
