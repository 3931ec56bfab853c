import { ElicitationTracker, McpApplication, McpServer, Resource, ResourceNotifier } from '../../src';
import type { BusEvent, MessageBus } from '../../src/core/stores/message-bus';

/** A bus that remembers what was published, as a shared bus would carry it to other instances. */
class RecordingBus implements MessageBus {
  readonly published: BusEvent[] = [];
  publish(event: BusEvent): void {
    this.published.push(event);
  }
  subscribe(): () => void {
    return () => undefined;
  }
}

@McpServer({ name: 'eager', version: '1.0.0' })
class EagerServer {
  constructor(notifier: ResourceNotifier, elicitations: ElicitationTracker) {
    // Both run before the application has built its engine.
    notifier.updated('memo://today');
    elicitations.complete('sign-in-1');
  }

  @Resource('memo://today', { description: "Today's memo" })
  today() {
    return 'nothing yet';
  }
}

describe('notifications sent from the server constructor', () => {
  it('are published once the engine exists, not lost', async () => {
    const bus = new RecordingBus();
    await McpApplication.create(EagerServer, { bus });
    expect(bus.published).toEqual(
      expect.arrayContaining([
        { type: 'resource_updated', uri: 'memo://today' },
        { type: 'elicitation_complete', elicitationId: 'sign-in-1' },
      ]),
    );
  });
});
