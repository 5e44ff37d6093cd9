/**
 * A deliberately small structural checker for event payloads. The catalogue uses it to
 * refuse a malformed event before anything is written; it is not a general validator.
 */
export type Shape =
  | { kind: 'string'; nonEmpty?: boolean; oneOf?: readonly string[]; isoInstant?: boolean }
  | { kind: 'integer'; min?: number }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'variant'; discriminator: string; variants: Record<string, Shape> }
  | { kind: 'object'; fields: Record<string, Shape>; optional?: readonly string[] }
  | { kind: 'array'; items: Shape; minItems?: number; maxItems?: number }
  | { kind: 'nullable'; of: Shape };

export const str = (opts: { oneOf?: readonly string[] } = {}): Shape => ({ kind: 'string', nonEmpty: true, ...opts });
export const instant = (): Shape => ({ kind: 'string', nonEmpty: true, isoInstant: true });
export const int = (min?: number): Shape => ({ kind: 'integer', min });
/** A finite number (JSON has no NaN or Infinity, and a hashed event must not carry them). */
export const num = (): Shape => ({ kind: 'number' });
export const bool = (): Shape => ({ kind: 'boolean' });
/**
 * One of several object shapes, chosen by the string in its `discriminator` field (a tagged
 * union). Each variant should declare the discriminator itself, e.g. `str({ oneOf: ['a'] })`.
 */
export const variant = (discriminator: string, variants: Record<string, Shape>): Shape => ({ kind: 'variant', discriminator, variants });
export const arr = (items: Shape, minItems = 0, maxItems?: number): Shape => ({ kind: 'array', items, minItems, maxItems });
/** The shape, or null (a computed figure that may be absent for a stated reason, e.g. a pilot's En). */
export const nullable = (of: Shape): Shape => ({ kind: 'nullable', of });
export const obj = (fields: Record<string, Shape>, optional: readonly string[] = []): Shape => ({ kind: 'object', fields, optional });

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function shapeProblems(value: unknown, shape: Shape, path = 'data'): string[] {
  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') return [`${path} must be a string`];
      if (shape.nonEmpty && value.length === 0) return [`${path} must not be empty`];
      if (shape.oneOf && !shape.oneOf.includes(value)) return [`${path} must be one of ${shape.oneOf.join(', ')}`];
      if (shape.isoInstant && (!ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value)))) {
        return [`${path} must be an ISO 8601 instant`];
      }
      return [];
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return [`${path} must be an integer`];
      if (shape.min !== undefined && value < shape.min) return [`${path} must be at least ${shape.min}`];
      return [];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${path} must be a finite number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path} must be true or false`];
    case 'variant': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path} must be an object`];
      const tag = (value as Record<string, unknown>)[shape.discriminator];
      const names = Object.keys(shape.variants);
      if (typeof tag !== 'string' || !Object.prototype.hasOwnProperty.call(shape.variants, tag)) {
        return [`${path}.${shape.discriminator} must be one of ${names.join(', ')}`];
      }
      return shapeProblems(value, shape.variants[tag], path);
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path} must be an object`];
      const record = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const [key, fieldShape] of Object.entries(shape.fields)) {
        if (record[key] === undefined) {
          if (!shape.optional?.includes(key)) problems.push(`${path}.${key} is required`);
          continue;
        }
        problems.push(...shapeProblems(record[key], fieldShape, `${path}.${key}`));
      }
      for (const key of Object.keys(record)) {
        if (!(key in shape.fields)) problems.push(`${path}.${key} is not a known field`);
      }
      return problems;
    }
    case 'array': {
      if (!Array.isArray(value)) return [`${path} must be a list`];
      if (shape.minItems !== undefined && value.length < shape.minItems) return [`${path} must have at least ${shape.minItems} item(s)`];
      if (shape.maxItems !== undefined && value.length > shape.maxItems) return [`${path} must have at most ${shape.maxItems} item(s)`];
      return value.flatMap((item, i) => shapeProblems(item, shape.items, `${path}[${i}]`));
    }
    case 'nullable':
      return value === null ? [] : shapeProblems(value, shape.of, path);
    default: {
      const never: never = shape;
      throw new Error(`unknown shape ${JSON.stringify(never)}`);
    }
  }
}
