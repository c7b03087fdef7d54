/**
 * Who may publish or play what. The single-node default allows everything;
 * token checks (auth/tokenAccessPolicy.ts: JWT and one-time tokens) plug in
 * here, and a refusal becomes `unauthorized_access` before any peer
 * connection exists.
 */
export interface AccessRequest {
  action: 'publish' | 'play';
  /** The `{app}` of the socket's `/{app}/websocket` path. */
  app: string;
  streamId: string;
  token?: string;
  subscriberId?: string;
  subscriberCode?: string;
}

export interface AccessPolicy {
  allows(request: AccessRequest): boolean | Promise<boolean>;
}

export const allowEveryone: AccessPolicy = {
  allows: () => true,
};
