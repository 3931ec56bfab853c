import { withServerInfo } from '../../../../src/protocol/stateless/server-info';

const server = { name: 'srv', version: '1.0.0', title: 'Server' };
const INFO = 'io.modelcontextprotocol/serverInfo';

describe('withServerInfo', () => {
  it('gives a result without _meta the one shared, frozen stamp', () => {
    const meta = withServerInfo(server, undefined);
    expect(meta).toEqual({ [INFO]: { name: 'srv', version: '1.0.0', title: 'Server' } });
    expect(withServerInfo(server, undefined)).toBe(meta);
    expect(Object.isFrozen(meta)).toBe(true);
  });

  it("keeps a result's own _meta entries, in their order, then the server info, without changing the original", () => {
    const own = { b: 1, a: { deep: true }, [INFO]: 'the tool said so' };
    const merged = withServerInfo(server, own);
    expect(Object.keys(merged)).toEqual(['b', 'a', INFO]);
    expect(merged.a).toBe(own.a);
    expect(merged[INFO]).toEqual({ name: 'srv', version: '1.0.0', title: 'Server' });
    expect(own[INFO]).toBe('the tool said so');
  });

  it('copies an own "__proto__" entry as data, as a spread would', () => {
    const own = JSON.parse('{"__proto__": {"x": 1}, "k": 2}');
    const merged = withServerInfo(server, own);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__', 'k', INFO]);
    expect(JSON.stringify(merged)).toContain('"__proto__":{"x":1}');
  });
});
