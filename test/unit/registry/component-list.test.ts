import { McpError } from '../../../src/core/protocol/mcp-error';
import { ComponentList } from '../../../src/registry/component-list';

const item = (name: string) => ({ descriptor: { name, description: `The ${name} tool` } });

/** One instance's list of tools, built at start-up as every instance builds it. */
function instanceList(names: string[]): ComponentList<ReturnType<typeof item>> {
  const list = new ComponentList<ReturnType<typeof item>>(2, () => undefined);
  for (const name of names) list.add(name, item(name));
  return list;
}

const namesOf = (page: { items: readonly Record<string, unknown>[] }) => page.items.map((i) => i.name);

describe('ComponentList cursors', () => {
  it('are good on every instance that serves the same list, whatever each did before', () => {
    const a = instanceList(['add', 'echo', 'forecast', 'plan', 'zip']);
    const b = instanceList(['add', 'echo', 'forecast', 'plan', 'zip']);
    // B disabled a tool and enabled it again: same list, though it changed twice meanwhile.
    b.setEnabled('echo', false);
    b.setEnabled('echo', true);
    const first = a.page(undefined);
    expect(namesOf(first)).toEqual(['add', 'echo']);
    const second = b.page(first.nextCursor);
    expect(namesOf(second)).toEqual(['forecast', 'plan']);
    expect(namesOf(a.page(second.nextCursor))).toEqual(['zip']);
  });

  it('are refused by an instance whose list differs, and after a change', () => {
    const a = instanceList(['add', 'echo', 'forecast']);
    const b = instanceList(['add', 'echo', 'forecast', 'plan']);
    const cursor = a.page(undefined).nextCursor;
    expect(() => b.page(cursor)).toThrow('the list changed since it was issued');
    a.remove('add');
    expect(() => a.page(cursor)).toThrow(McpError);
    expect(() => a.page('bm9wZQ')).toThrow('Invalid cursor');
  });
});
