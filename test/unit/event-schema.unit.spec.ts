import { describe, expect, it } from '@jest/globals';
import { bool, num, obj, shapeProblems, str, variant } from '../../events/schema.js';

describe('event payload shapes: numbers, booleans and tagged unions', () => {
  it('num() accepts finite numbers only', () => {
    for (const value of [0, -0, 1.5, -1e308, Number.MIN_VALUE, 2 ** 53 + 2]) expect(shapeProblems(value, num())).toEqual([]);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1', null, [1], true]) {
      expect(shapeProblems(value, num(), 'data.x')).toEqual(['data.x must be a finite number']);
    }
  });

  it('bool() accepts true and false only', () => {
    expect(shapeProblems(true, bool())).toEqual([]);
    expect(shapeProblems(false, bool())).toEqual([]);
    for (const value of ['true', 0, 1, null]) expect(shapeProblems(value, bool(), 'data.pass')).toEqual(['data.pass must be true or false']);
  });

  it('variant() picks the shape named by the discriminator and checks the value against it', () => {
    const shape = variant('kind', {
      circle: obj({ kind: str({ oneOf: ['circle'] }), r: num() }),
      square: obj({ kind: str({ oneOf: ['square'] }), side: num() }),
    });
    expect(shapeProblems({ kind: 'circle', r: 1 }, shape)).toEqual([]);
    expect(shapeProblems({ kind: 'square', side: 2 }, shape)).toEqual([]);
    // A square's field on a circle is unknown there, and the circle's own is missing.
    expect(shapeProblems({ kind: 'circle', side: 2 }, shape)).toEqual(['data.r is required', 'data.side is not a known field']);
    expect(shapeProblems({ kind: 'triangle' }, shape)).toEqual(['data.kind must be one of circle, square']);
    expect(shapeProblems({ kind: 'toString' }, shape)).toEqual(['data.kind must be one of circle, square']);
    expect(shapeProblems({}, shape)).toEqual(['data.kind must be one of circle, square']);
    expect(shapeProblems([{ kind: 'circle', r: 1 }], shape)).toEqual(['data must be an object']);
  });
});
