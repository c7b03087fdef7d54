import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/values.js';
import { egressSrtpFromEnv } from './egressSrtp.js';

describe('RELAYRTC_EGRESS_SRTP', () => {
  it('is our SRTP unless werift is asked for', () => {
    assert.equal(egressSrtpFromEnv({}), 'own');
    assert.equal(egressSrtpFromEnv({ RELAYRTC_EGRESS_SRTP: '' }), 'own');
    assert.equal(egressSrtpFromEnv({ RELAYRTC_EGRESS_SRTP: 'own' }), 'own');
    assert.equal(egressSrtpFromEnv({ RELAYRTC_EGRESS_SRTP: ' WERIFT ' }), 'werift');
  });

  it('refuses anything else with a config error naming the variable', () => {
    assert.throws(
      () => egressSrtpFromEnv({ RELAYRTC_EGRESS_SRTP: 'fast' }),
      (error: unknown) => error instanceof ConfigError && error.code === 'INVALID_CONFIG' && error.key === 'RELAYRTC_EGRESS_SRTP',
    );
  });
});
