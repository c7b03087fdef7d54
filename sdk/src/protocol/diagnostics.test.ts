/** getSubscribers and getDebugInfo on the wire: what the validator accepts and refuses, and the answers' round trip. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debugInfoNotification, subscriberListNotification } from './build.js';
import { ErrorDefinition } from './definitions.js';
import type { ServerDebugInfo, SubscriberInfo } from './serverMessages.js';
import { parseClientMessage, parseServerMessage } from './validate.js';

const refused = (raw: Record<string, unknown>) => {
  const result = parseClientMessage(JSON.stringify(raw));
  assert.equal(result.ok, false, `expected ${JSON.stringify(raw)} to be refused`);
  return result.ok ? undefined : result.violation;
};

describe('getSubscribers and getDebugInfo commands', () => {
  it('accepts them as the official 2.16 client sends them (offset and size left out when undefined)', () => {
    for (const sent of [
      { command: 'getSubscribers', streamId: 's1', offset: 0, size: 10 },
      { command: 'getSubscribers', streamId: 's1' },
      { command: 'getDebugInfo', streamId: 's1' },
    ]) {
      assert.deepEqual(parseClientMessage(JSON.stringify(sent)), { ok: true, message: sent });
    }
  });

  it('invalidParameter naming the key for an offset or size that is not a whole number ≥ 0', () => {
    for (const [raw, key] of [
      [{ command: 'getSubscribers', streamId: 's1', offset: -1 }, 'offset'],
      [{ command: 'getSubscribers', streamId: 's1', size: 2.5 }, 'size'],
      [{ command: 'getSubscribers', streamId: 's1', size: 'ten' }, 'size'],
    ] as const) {
      const violation = refused(raw);
      assert.equal(violation?.definition, ErrorDefinition.invalidParameter, JSON.stringify(raw));
      assert.match(violation?.information ?? '', new RegExp(`'${key}' of 'getSubscribers'`));
      assert.equal(violation?.streamId, 's1', 'the error names the stream');
    }
  });

  it('noStreamNameSpecified without a stream id, invalidStreamName for one outside [A-Za-z0-9_.-]', () => {
    assert.equal(refused({ command: 'getSubscribers' })?.definition, ErrorDefinition.noStreamNameSpecified);
    assert.equal(refused({ command: 'getDebugInfo', streamId: '' })?.definition, ErrorDefinition.noStreamNameSpecified);
    assert.equal(refused({ command: 'getSubscribers', streamId: 'a b' })?.definition, ErrorDefinition.invalidStreamName);
    assert.equal(refused({ command: 'getDebugInfo', streamId: 7 })?.definition, ErrorDefinition.invalidStreamName);
  });
});

describe('subscriberList and debugInfo answers', () => {
  it('carry JSON strings, as Ant Media does, and pass parseServerMessage', () => {
    const ann: SubscriberInfo = { subscriberId: 'ann', subscriberName: '', streamId: 's1', type: 'play', connected: true, currentConcurrentConnections: 1 };
    const list = parseServerMessage(JSON.stringify(subscriberListNotification('s1', [ann])));
    assert.ok(list.ok && list.message.command === 'notification');
    assert.deepEqual([list.message.definition, list.message.streamId, list.message.subscriberList], ['subscriberList', 's1', [JSON.stringify(ann)]]);
    const figures: ServerDebugInfo = {
      streamId: 's1', publisherCount: 1, playerCount: 0, cpuPercent: 0, eventLoopLagMs: 0, rssBytes: 1, heapUsedBytes: 1, uptimeSeconds: 0, streamCount: 1, peerConnectionCount: 1,
    };
    const debug = parseServerMessage(JSON.stringify(debugInfoNotification(figures)));
    assert.ok(debug.ok && debug.message.command === 'notification');
    assert.deepEqual([debug.message.definition, debug.message.streamId, JSON.parse(debug.message.debugInfo ?? '')], ['debugInfo', 's1', figures]);
  });
});
