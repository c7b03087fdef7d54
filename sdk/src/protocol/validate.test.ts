import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorDefinition, MAX_TEXT_FRAME_BYTES } from './definitions.js';
import { parseClientMessage, parseServerMessage } from './validate.js';

function violationOf(text: string) {
  const result = parseClientMessage(text);
  assert.equal(result.ok, false, `expected ${text} to be refused`);
  return result.ok ? undefined : result.violation;
}

describe('parseClientMessage: good messages', () => {
  it('accepts ping and getIceServerConfig with no other keys', () => {
    assert.deepEqual(parseClientMessage('{"command":"ping"}'), { ok: true, message: { command: 'ping' } });
    assert.deepEqual(parseClientMessage('{"command":"getIceServerConfig"}'), {
      ok: true,
      message: { command: 'getIceServerConfig' },
    });
  });

  it('accepts the publish command exactly as the official 2.16 client sends it', () => {
    const sent = {
      command: 'publish', streamId: 'cam_1.a-b', token: '', subscriberId: '', subscriberCode: '', streamName: '',
      mainTrack: '', video: true, audio: true, metaData: '', role: '',
    };
    const result = parseClientMessage(JSON.stringify(sent));
    assert.deepEqual(result, { ok: true, message: sent });
  });

  it('accepts the play command with trackList and userPublishId', () => {
    const sent = {
      command: 'play', streamId: 's1', token: '', room: '', trackList: [], subscriberId: '', subscriberCode: '',
      viewerInfo: '', role: '', userPublishId: '',
    };
    assert.deepEqual(parseClientMessage(JSON.stringify(sent)), { ok: true, message: sent });
  });

  it('accepts a takeCandidate with an empty candidate and keeps label as a number', () => {
    const result = parseClientMessage('{"command":"takeCandidate","streamId":"s","label":0,"id":"0","candidate":""}');
    assert.deepEqual(result, {
      ok: true,
      message: { command: 'takeCandidate', streamId: 's', label: 0, id: '0', candidate: '' },
    });
  });

  it('treats a numeric-string label as a number', () => {
    const result = parseClientMessage('{"command":"takeCandidate","streamId":"s","label":"1","candidate":"candidate:1"}');
    assert.ok(result.ok && result.message.command === 'takeCandidate' && result.message.label === 1);
  });

  it('drops keys the command does not define', () => {
    const result = parseClientMessage('{"command":"stop","streamId":"s","extra":{"a":1}}');
    assert.deepEqual(result, { ok: true, message: { command: 'stop', streamId: 's' } });
  });

  it('accepts null for optional keys as if they were absent', () => {
    const result = parseClientMessage('{"command":"publish","streamId":"s","token":null}');
    assert.deepEqual(result, { ok: true, message: { command: 'publish', streamId: 's' } });
  });
});

describe('parseClientMessage: bad messages', () => {
  it('refuses text that is not JSON', () => {
    assert.equal(violationOf('not json{')?.definition, ErrorDefinition.invalidJson);
  });

  it('refuses JSON that is not an object', () => {
    assert.equal(violationOf('[1,2]')?.definition, ErrorDefinition.invalidJson);
    assert.equal(violationOf('"ping"')?.definition, ErrorDefinition.invalidJson);
    assert.equal(violationOf('null')?.definition, ErrorDefinition.invalidJson);
  });

  it('refuses a message without a command', () => {
    const violation = violationOf('{"streamId":"s"}');
    assert.equal(violation?.definition, ErrorDefinition.missingParameter);
    assert.match(violation?.information ?? '', /command/);
  });

  it('refuses an unknown command and names it', () => {
    const violation = violationOf('{"command":"launchRocket","streamId":"s"}');
    assert.equal(violation?.definition, ErrorDefinition.unknownCommand);
    assert.equal(violation?.command, 'launchRocket');
    assert.equal(violation?.streamId, 's');
  });

  it('answers noStreamNameSpecified when streamId is missing or empty', () => {
    assert.equal(violationOf('{"command":"publish"}')?.definition, ErrorDefinition.noStreamNameSpecified);
    assert.equal(violationOf('{"command":"play","streamId":""}')?.definition, ErrorDefinition.noStreamNameSpecified);
  });

  it('answers invalidStreamName for characters outside [A-Za-z0-9_.-]', () => {
    for (const bad of ['a b', 'x/y', 'ü', 'a;b', '<script>']) {
      const violation = violationOf(JSON.stringify({ command: 'publish', streamId: bad }));
      assert.equal(violation?.definition, ErrorDefinition.invalidStreamName, bad);
      assert.equal(violation?.streamId, bad);
    }
  });

  it('answers invalidStreamName when streamId is not a string', () => {
    assert.equal(violationOf('{"command":"play","streamId":42}')?.definition, ErrorDefinition.invalidStreamName);
  });

  it('answers invalidParameter and names the key for a wrong type', () => {
    const violation = violationOf('{"command":"publish","streamId":"s","video":"yes"}');
    assert.equal(violation?.definition, ErrorDefinition.invalidParameter);
    assert.match(violation?.information ?? '', /'video'/);
    assert.equal(violationOf('{"command":"play","streamId":"s","trackList":[1]}')?.definition, ErrorDefinition.invalidParameter);
  });

  it('answers missingParameter for a takeConfiguration without sdp', () => {
    const violation = violationOf('{"command":"takeConfiguration","streamId":"s","type":"offer"}');
    assert.equal(violation?.definition, ErrorDefinition.missingParameter);
    assert.match(violation?.information ?? '', /'sdp'/);
  });

  it('refuses frames over the 80 KB limit before parsing them', () => {
    const big = JSON.stringify({ command: 'ping', pad: 'x'.repeat(MAX_TEXT_FRAME_BYTES) });
    assert.equal(violationOf(big)?.definition, ErrorDefinition.messageTooLarge);
  });

  it('does not let a key named like a prototype member pass as a command', () => {
    assert.equal(violationOf('{"command":"toString"}')?.definition, ErrorDefinition.unknownCommand);
    assert.equal(violationOf('{"command":"__proto__"}')?.definition, ErrorDefinition.unknownCommand);
  });
});

describe('parseServerMessage', () => {
  it('accepts a play offer with idMapping and keeps extra keys', () => {
    const result = parseServerMessage(
      '{"command":"takeConfiguration","streamId":"s","type":"offer","sdp":"v=0","idMapping":{"0":"ARDAMSvs"},"x":1}',
    );
    assert.ok(result.ok);
    assert.deepEqual(result.message, {
      command: 'takeConfiguration', streamId: 's', type: 'offer', sdp: 'v=0', idMapping: { 0: 'ARDAMSvs' }, x: 1,
    });
  });

  it('accepts notifications with their per-definition keys', () => {
    const result = parseServerMessage('{"command":"notification","definition":"play_started","streamId":"s"}');
    assert.ok(result.ok && result.message.command === 'notification' && result.message.definition === 'play_started');
  });

  it('refuses a takeCandidate without label', () => {
    const result = parseServerMessage('{"command":"takeCandidate","streamId":"s","candidate":"c"}');
    assert.ok(!result.ok && result.violation.definition === ErrorDefinition.missingParameter);
  });

  it('reports unknown server commands so the caller can ignore them', () => {
    const result = parseServerMessage('{"command":"somethingNew"}');
    assert.ok(!result.ok && result.violation.definition === ErrorDefinition.unknownCommand);
  });
});
