import { authenticate } from 'mailauth';
import type { MessageMeta } from '../mailbox.store';
import type { Resolver } from './local-resolver';

/** What the web inbox and GET /messages/:id show about a message's authentication. */
export interface AuthResults {
  /** `pass`, `fail`, `neutral`, `policy`, `temperror`, `permerror` or `none` (no signature). */
  dkim: string;
  /** The signing domain of the first signature, when there is one. */
  dkimDomain?: string;
  /** SPF for the envelope sender and the client address: `pass`, `fail`, `softfail`, `none`, … */
  spf: string;
}

interface MailauthResult {
  dkim?: { results?: { signingDomain?: string; status?: { result?: string } }[] };
  spf?: { status?: { result?: string } } | false;
}

/** Runs mailauth's DKIM and SPF checks against the stored bytes, with the given resolver. */
export async function checkAuthentication(
  raw: Buffer,
  meta: MessageMeta,
  resolve: Resolver,
): Promise<AuthResults> {
  const result = (await authenticate(raw, {
    ip: meta.clientAddress ?? '127.0.0.1',
    helo: meta.helo ?? 'localhost',
    sender: meta.sender,
    mta: 'mailgate.mailbox',
    resolver: resolve,
    disableArc: true,
    disableBimi: true,
    disableDmarc: true,
  })) as MailauthResult;
  const first = result.dkim?.results?.[0];
  return {
    dkim: first?.status?.result ?? 'none',
    dkimDomain: first?.signingDomain,
    spf: (result.spf && result.spf.status?.result) || 'none',
  };
}
