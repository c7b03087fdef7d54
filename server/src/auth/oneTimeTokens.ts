/**
 * One-time stream tokens created over REST (Ant Media's
 * `GET /broadcasts/{id}/token?expireDate=&type=`): random, bound to one stream
 * and one action, gone after their first successful use or at expiry.
 */
import { randomBytes } from 'node:crypto';

export type TokenType = 'publish' | 'play';

export interface OneTimeToken {
  tokenId: string;
  streamId: string;
  type: TokenType;
  /** Seconds since the epoch, as Ant Media's Token.expireDate. */
  expireDate: number;
}

/** Outstanding tokens at most; the oldest go first. Bounds memory against a REST client that never uses them. */
const MAX_TOKENS = 100_000;

export class OneTimeTokens {
  private readonly tokens = new Map<string, OneTimeToken>();

  constructor(private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000)) {}

  create(streamId: string, type: TokenType, expireDate: number): OneTimeToken {
    this.purgeExpired();
    if (this.tokens.size >= MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
    // 24 random bytes: 192 bits, far beyond guessing.
    const token: OneTimeToken = { tokenId: randomBytes(24).toString('base64url'), streamId, type, expireDate };
    this.tokens.set(token.tokenId, token);
    return token;
  }

  /** True (and the token is spent) when it exists, matches and has not expired. */
  consume(tokenId: string, streamId: string, type: TokenType): boolean {
    const token = this.tokens.get(tokenId);
    if (!token || token.streamId !== streamId || token.type !== type) return false;
    this.tokens.delete(tokenId);
    return this.nowSeconds() < token.expireDate;
  }

  get size(): number {
    return this.tokens.size;
  }

  private purgeExpired(): void {
    const now = this.nowSeconds();
    for (const [id, token] of this.tokens) if (now >= token.expireDate) this.tokens.delete(id);
  }
}
