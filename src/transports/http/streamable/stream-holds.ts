import type { Logger } from '../../../core/logging/logger';
import type { JsonRpcId } from '../../../core/protocol/json-rpc';
import type { Holding, InstanceRegistry } from '../../../core/stores/instance-registry';
import type { InboundFrame } from '../../../protocol/inbound';
import type { FollowedStream } from './followed-stream';

/** How long the record of a resumable POST stream's instance and requests is kept: as long as its event log. */
const STREAM_HOLD_TTL_MS = 30 * 60_000;
/** A standalone stream's hold, renewed while the stream is open: once its instance dies, a new GET may take over. */
const STANDALONE_HOLD_TTL_MS = 60_000;
const streamKey = (streamId: string) => `stream:${streamId}`;
const standaloneKey = (sessionId: string) => `standalone:${sessionId}`;

/**
 * What this instance holds of the streams other instances may be asked about: the one standalone
 * stream of a session, and the requests of each resumable POST stream, so that the instance a
 * client resumes on can tell when the owner died and answer for what was lost.
 */
export class StreamHolds {
  constructor(
    private readonly instances: InstanceRegistry,
    private readonly logger: Logger,
  ) {}

  /**
   * One standalone stream per session across every instance: the hold names this instance, and
   * is refused while another live instance holds it; a dead holder's hold is taken over.
   */
  async holdStandalone(sessionId: string): Promise<boolean> {
    const { refusedBy } = await this.instances.hold(standaloneKey(sessionId), {
      ttlMs: STANDALONE_HOLD_TTL_MS,
      exclusive: true,
      renew: true,
    });
    return refusedBy === undefined;
  }

  /** The standalone stream closed: another GET, on any instance, may open one. Never rejects. */
  releaseStandalone(sessionId: string): void {
    this.instances.release(standaloneKey(sessionId)).catch((error: unknown) => {
      this.logger.warn('could not release the standalone stream of session %s: %s', sessionId, String(error));
    });
  }

  /** Records that this instance runs the requests of a resumable POST stream. Never rejects. */
  recordStream(streamId: string, frame: InboundFrame): void {
    const messages = frame.kind === 'single' ? [frame.message] : frame.messages;
    const requests: JsonRpcId[] = [];
    for (const message of messages) if (message.kind === 'request') requests.push(message.id);
    this.instances
      .hold(streamKey(streamId), { ttlMs: STREAM_HOLD_TTL_MS, detail: { requests } })
      .catch((error: unknown) => {
        this.logger.warn('could not record the owner of stream %s: %s', streamId, String(error));
      });
  }

  /**
   * A followed stream ends with an error for its requests if the instance running them dies (or
   * died already): found through the stream's record, watched at every heartbeat interval.
   */
  async watchOwner(streamId: string, follower: FollowedStream): Promise<void> {
    let owner: Holding | undefined;
    try {
      owner = await this.instances.holderOf(streamKey(streamId));
    } catch (error) {
      this.logger.warn('could not read the owner of stream %s: %s', streamId, String(error));
      return;
    }
    if (!owner || owner.instanceId === this.instances.instanceId || follower.finished) return;
    const requests = (owner.detail?.requests ?? []) as JsonRpcId[];
    follower.unwatch = this.instances.watch(owner.instanceId, () => follower.lost(requests));
  }
}
