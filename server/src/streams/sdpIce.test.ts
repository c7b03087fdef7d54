import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iceCredentials, mediaLayout, notAnIceRestart } from './sdpIce.js';

const offer = (ufrag: string, pwd: string, sections = [['audio', '0'], ['video', '1']]) =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE ' + sections.map(([, mid]) => mid).join(' ')]
    .concat(sections.flatMap(([kind, mid]) => [`m=${kind} 9 UDP/TLS/RTP/SAVPF 111`, 'c=IN IP4 0.0.0.0', `a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`, `a=mid:${mid}`, 'a=sendonly']))
    .join('\r\n') + '\r\n';

describe('ICE restart detection', () => {
  it('reads the credentials and the media layout', () => {
    assert.deepEqual(iceCredentials(offer('abcd', 'p'.repeat(24))), { ufrag: 'abcd', pwd: 'p'.repeat(24) });
    assert.equal(iceCredentials('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n'), undefined);
    assert.equal(mediaLayout(offer('a', 'b', [['audio', '0'], ['video', '1'], ['application', '2']])), 'audio:0 video:1 application:2');
  });

  it('takes new credentials with the same media sections as an ICE restart', () => {
    assert.equal(notAnIceRestart(offer('old1', 'oldpassword'), offer('new1', 'newpassword')), undefined);
    // A new password alone is a restart too (RFC 8839: both change, but either differing means new credentials).
    assert.equal(notAnIceRestart(offer('same', 'oldpassword'), offer('same', 'newpassword')), undefined);
  });

  it('refuses a re-offer with the same credentials, saying to publish again', () => {
    assert.match(notAnIceRestart(offer('same', 'samepassword'), offer('same', 'samepassword'))!, /must restart ICE \(new ice-ufrag and ice-pwd\)/);
  });

  it('refuses an ICE restart that changes the media sections, naming both layouts', () => {
    const reason = notAnIceRestart(offer('old1', 'oldpassword'), offer('new1', 'newpassword', [['audio', '0'], ['video', '1'], ['video', '2']]));
    assert.match(reason!, /keep the media sections \(audio:0 video:1\), got \(audio:0 video:1 video:2\)/);
  });

  it('refuses an offer without credentials', () => {
    assert.match(notAnIceRestart(offer('old1', 'oldpassword'), 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n')!, /no ice-ufrag/);
  });
});
