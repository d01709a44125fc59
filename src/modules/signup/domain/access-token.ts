import { SignJWT, jwtVerify } from 'jose';

export const ACCESS_TOKEN_SECONDS = 3600;

export interface AccessClaims {
  /** users.id */
  sub: string;
  /** users.token_version at issue: bumping the column revokes every earlier token. */
  ver: number;
}

/** HS256 access tokens signed with JWT_SECRET (so other services holding it can verify them). */
export class AccessTokens {
  constructor(
    private readonly key: Uint8Array,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async issue(claims: AccessClaims): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    return new SignJWT({ ver: claims.ver })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
      .sign(this.key);
  }

  /** The claims of a valid, unexpired token; undefined for anything else (never throws). */
  async verify(token: string): Promise<AccessClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number') return undefined;
      return { sub: payload.sub, ver: payload.ver };
    } catch {
      return undefined;
    }
  }
}
