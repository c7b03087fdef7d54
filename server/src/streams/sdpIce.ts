/**
 * Telling an ICE restart from other renegotiation: a new offer restarts ICE
 * when it carries new ice-ufrag/ice-pwd (RFC 8839 §4.4.1.1.1, RFC 8445 §9);
 * the server accepts that on a live publish only when the media sections are
 * the ones already negotiated (the same kinds and mids, in order).
 */

export interface IceCredentials {
  ufrag: string;
  pwd: string;
}

/** The offer's ICE credentials: the first found (with BUNDLE every m-line shares one transport, hence one set). */
export function iceCredentials(sdp: string): IceCredentials | undefined {
  const ufrag = /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
  const pwd = /^a=ice-pwd:(\S+)/m.exec(sdp)?.[1];
  return ufrag && pwd ? { ufrag, pwd } : undefined;
}

/** Kind and mid of each m-line, in order: `audio:0 video:1 application:2`. */
export function mediaLayout(sdp: string): string {
  return sdp
    .split(/\r?\nm=/)
    .slice(1)
    .map((section) => `${section.split(' ')[0]}:${/^a=mid:(\S+)/m.exec(section)?.[1] ?? '?'}`)
    .join(' ');
}

/** Why `next` cannot be taken as an ICE restart of the session `previous` negotiated, or undefined when it can. */
export function notAnIceRestart(previous: string, next: string): string | undefined {
  const before = iceCredentials(previous);
  const after = iceCredentials(next);
  if (!after) return 'the new offer has no ice-ufrag/ice-pwd';
  if (before && before.ufrag === after.ufrag && before.pwd === after.pwd) {
    return 'a new offer on a live publish must restart ICE (new ice-ufrag and ice-pwd); other renegotiation is not supported: publish again instead';
  }
  const layout = mediaLayout(next);
  if (layout !== mediaLayout(previous)) {
    return `an ICE restart must keep the media sections (${mediaLayout(previous)}), got (${layout}); publish again to change them`;
  }
  return undefined;
}
