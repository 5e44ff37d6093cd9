export const TEMPORAL_CLIENT = Symbol('TemporalClient');
