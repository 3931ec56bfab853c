import { frozenJson } from '../../../../src/core/protocol/frozen-json';

describe('frozenJson', () => {
  it('copies JSON deeply into frozen objects and arrays, leaving the original as it was', () => {
    const original = { roots: { listChanged: true }, list: [1, { a: 'x' }], name: 'n', none: null };
    const frozen = frozenJson(original);
    expect(frozen).toEqual(original);
    expect(frozen).not.toBe(original);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(Object.isFrozen(frozen.roots)).toBe(true);
    expect(Object.isFrozen(frozen.list)).toBe(true);
    expect(Object.isFrozen(frozen.list[1])).toBe(true);
    expect(Object.isFrozen(original)).toBe(false);
    expect(() => {
      (frozen.roots as { listChanged: boolean }).listChanged = false;
    }).toThrow(TypeError);
  });

  it('returns what is deeply frozen already as it is, so holders share one copy', () => {
    const once = frozenJson({ name: 'client', version: '1.0.0', tags: ['a'] });
    expect(frozenJson(once)).toBe(once);
    const shallow = Object.freeze({ inner: { mutable: true } });
    expect(frozenJson(shallow)).not.toBe(shallow);
  });

  it('shares one empty object and one empty array', () => {
    expect(frozenJson({})).toBe(frozenJson({}));
    expect(frozenJson([])).toBe(frozenJson([]));
    expect(Object.isFrozen(frozenJson({}))).toBe(true);
  });

  it('keeps a "__proto__" key as a key, and primitives as they are', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const frozen = frozenJson(parsed);
    expect(Object.getPrototypeOf(frozen)).toBe(Object.prototype);
    expect(Object.keys(frozen)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const value of ['s', 1, true, null, undefined]) expect(frozenJson(value)).toBe(value);
  });
});
