import { wireTask } from '../../../../src/protocol/stateless/stateless-tasks';

describe('wireTask', () => {
  it('renames ttl and pollInterval, keeps the other fields in order, and leaves the task as it was', () => {
    const task = {
      taskId: 't1',
      status: 'working' as const,
      ttl: 60_000,
      createdAt: '2026-12-02T00:00:00Z',
      lastUpdatedAt: '2026-12-02T00:00:01Z',
      pollInterval: 500,
    };
    const before = { ...task };
    const wire = wireTask(task);
    expect(Object.keys(wire)).toEqual(['taskId', 'status', 'createdAt', 'lastUpdatedAt', 'ttlMs', 'pollIntervalMs']);
    expect(wire).toMatchObject({ ttlMs: 60_000, pollIntervalMs: 500 });
    expect(wire).not.toBe(task);
    expect(task).toEqual(before);
  });

  it('names no poll interval the task has none of', () => {
    const wire = wireTask({ taskId: 't2', status: 'working', ttl: null, createdAt: 'x', lastUpdatedAt: 'x' });
    expect('pollIntervalMs' in wire).toBe(false);
    expect(JSON.stringify(wire)).toBe(
      '{"taskId":"t2","status":"working","createdAt":"x","lastUpdatedAt":"x","ttlMs":null}',
    );
  });
});
