import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DeliveryLedger, LedgerClaim } from './delivery-ledger.port';

/** Delivered ids remembered at most (oldest forgotten first): a bound on memory and start-up time. */
const MAX_REMEMBERED = 100_000;

/**
 * An in-memory ledger backed by an append-only file of delivered Message-IDs
 * (`DATA_DIR/sns-delivered.log`). It de-duplicates within one process and across its restarts, which
 * covers a Lambda container (warm invocations and SNS redeliveries that land on it) and tests; it does
 * NOT cover two containers handling copies at the same time. Use a shared store in production (see
 * DeliveryLedger).
 */
export class FileDeliveryLedger implements DeliveryLedger {
  private readonly state = new Map<string, 'in-flight' | 'delivered'>();
  readonly file: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'sns-delivered.log');
    let lines: string[] = [];
    try {
      lines = readFileSync(this.file, 'utf8').split('\n');
    } catch {
      // none yet
    }
    for (const id of lines.slice(-MAX_REMEMBERED)) if (id) this.state.set(id, 'delivered');
  }

  async claim(messageId: string): Promise<LedgerClaim> {
    const now = this.state.get(messageId);
    if (now) return now;
    this.state.set(messageId, 'in-flight');
    return 'claimed';
  }

  async delivered(messageId: string): Promise<void> {
    this.state.set(messageId, 'delivered');
    // Ids are validated Message-IDs (no whitespace), so one per line is unambiguous.
    appendFileSync(this.file, `${messageId}\n`, { mode: 0o600 });
    if (this.state.size > MAX_REMEMBERED) {
      const oldest = this.state.keys().next().value;
      if (oldest !== undefined) this.state.delete(oldest);
    }
  }

  async release(messageId: string): Promise<void> {
    if (this.state.get(messageId) === 'in-flight') this.state.delete(messageId);
  }
}
