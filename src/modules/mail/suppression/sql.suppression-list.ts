import { Inject, Injectable } from '@nestjs/common';
import { GroupCommit } from '../../../common/batch/group-commit';
import { DB } from '../../../core/tokens';
import type { Db } from '../../../infra/db/db.port';
import type { Suppression, SuppressionList, SuppressionReason } from '../mail.port';

interface Row {
  address: string;
  reason: SuppressionReason;
  source: string;
  created_at: Date;
}

const toSuppression = (r: Row): Suppression => ({
  address: r.address,
  reason: r.reason,
  source: r.source,
  createdAt: new Date(r.created_at),
});

/**
 * The whole address lower-cased. RFC 5321 lets a local part be case-sensitive, but no real mailbox
 * distinguishes `Ada@x` from `ada@x`: suppressing both is the safe side of a do-not-mail list.
 */
export const suppressionKey = (address: string): string => address.trim().toLowerCase();

/** The `suppressions` table (migration 003). */
@Injectable()
export class SqlSuppressionList implements SuppressionList {
  /**
   * The worker asks before every send; under load the lookups that arrive while one is running go
   * together as one `= ANY($1)` query instead of a round trip each.
   */
  private readonly lookups = new GroupCommit<string, Suppression | undefined>(
    (keys) => this.findMany(keys),
    64,
  );

  constructor(@Inject(DB) private readonly db: Db) {}

  find(address: string): Promise<Suppression | undefined> {
    return this.lookups.add(suppressionKey(address));
  }

  private async findMany(keys: string[]): Promise<Array<Suppression | undefined>> {
    const rows = await this.db.query<Row & { address_key: string }>(
      `SELECT address_key, address, reason, source, created_at FROM suppressions
        WHERE address_key = ANY($1::text[])`,
      [[...new Set(keys)]],
    );
    const byKey = new Map(rows.map((r) => [r.address_key, toSuppression(r)]));
    return keys.map((k) => byKey.get(k));
  }

  async list(limit: number): Promise<Suppression[]> {
    const rows = await this.db.query<Row>(
      'SELECT address, reason, source, created_at FROM suppressions ORDER BY created_at DESC, address_key LIMIT $1',
      [limit],
    );
    return rows.map(toSuppression);
  }

  async add(address: string, reason: SuppressionReason, source: string): Promise<Suppression> {
    // One statement, so two concurrent adds of one address cannot both insert or fail on the key;
    // the no-op update makes RETURNING give back the row that was already there.
    const [row] = await this.db.query<Row>(
      `INSERT INTO suppressions (address_key, address, reason, source) VALUES ($1, $2, $3, $4)
       ON CONFLICT (address_key) DO UPDATE SET address_key = suppressions.address_key
       RETURNING address, reason, source, created_at`,
      [suppressionKey(address), address.trim(), reason, source],
    );
    return toSuppression(row);
  }

  async remove(address: string): Promise<boolean> {
    const rows = await this.db.query<{ address_key: string }>(
      'DELETE FROM suppressions WHERE address_key = $1 RETURNING address_key',
      [suppressionKey(address)],
    );
    return rows.length > 0;
  }
}
