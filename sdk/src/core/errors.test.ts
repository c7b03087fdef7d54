import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorDefinition, errorMessage } from '../protocol/index.js';
import { codeForDefinition, isRelayError, RelayError, toRelayError } from './errors.js';

describe('RelayError.fromServer', () => {
  it('maps no_stream_exist to NO_STREAM_EXIST and keeps the raw definition and streamId', () => {
    const error = RelayError.fromServer(errorMessage(ErrorDefinition.noStreamExist, 'stream1', 'nobody publishes it'));
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'RelayError');
    assert.equal(error.code, 'NO_STREAM_EXIST');
    assert.equal(error.definition, 'no_stream_exist');
    assert.equal(error.streamId, 'stream1');
    assert.equal(error.information, 'nobody publishes it');
    assert.match(error.message, /stream1/);
    assert.match(error.message, /nobody publishes it/);
  });

  it('maps the definitions named in the protocol to their codes', () => {
    assert.equal(codeForDefinition(ErrorDefinition.invalidStreamName), 'INVALID_STREAM_NAME');
    assert.equal(codeForDefinition(ErrorDefinition.streamIdInUse), 'STREAM_ID_IN_USE');
    assert.equal(codeForDefinition(ErrorDefinition.alreadyPublishing), 'ALREADY_PUBLISHING');
    assert.equal(codeForDefinition(ErrorDefinition.publishTimeoutError), 'PUBLISH_TIMEOUT');
    assert.equal(codeForDefinition(ErrorDefinition.unauthorizedAccess), 'UNAUTHORIZED_ACCESS');
    assert.equal(codeForDefinition(ErrorDefinition.highResourceUsage), 'HIGH_RESOURCE_USAGE');
  });

  it('gives every protocol definition a distinct, upper-case code', () => {
    const codes = Object.values(ErrorDefinition).map(codeForDefinition);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^[A-Z][A-Z_]+$/);
    assert.ok(!codes.includes('UNKNOWN_SERVER_ERROR'));
  });

  it('maps a definition outside the table to UNKNOWN_SERVER_ERROR, keeping it', () => {
    const error = RelayError.fromServer({ command: 'error', definition: 'license_suspended_please_renew_license' });
    assert.equal(error.code, 'UNKNOWN_SERVER_ERROR');
    assert.equal(error.definition, 'license_suspended_please_renew_license');
    assert.match(error.message, /license_suspended/);
  });

  it('does not treat inherited object keys as definitions', () => {
    assert.equal(codeForDefinition('toString'), 'UNKNOWN_SERVER_ERROR');
    assert.equal(codeForDefinition('__proto__'), 'UNKNOWN_SERVER_ERROR');
  });
});

describe('toRelayError and isRelayError', () => {
  it('wraps a foreign error with a code and keeps it as cause', () => {
    const cause = new DOMException('denied', 'NotAllowedError');
    const error = toRelayError(cause, 'NEGOTIATION_FAILED', 'Could not create the offer');
    assert.equal(error.code, 'NEGOTIATION_FAILED');
    assert.equal(error.cause, cause);
    assert.equal(error.message, 'Could not create the offer: denied');
    assert.ok(isRelayError(error, 'NEGOTIATION_FAILED'));
    assert.ok(!isRelayError(error, 'TIMEOUT'));
  });

  it('passes a RelayError through unchanged', () => {
    const original = new RelayError('TIMEOUT', 'late');
    assert.equal(toRelayError(original, 'NEGOTIATION_FAILED', 'x'), original);
  });
});
