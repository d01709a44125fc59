import { type MimeNode, parseMime } from './mime-structure';

/**
 * Parsed MIME trees by message id, least recently used dropped first. A tree is offsets and
 * header fields only (no body bytes), and the bound keeps memory flat however many messages a
 * client walks through (a full download of 10 000 messages touches each once).
 */
export class MimeCache {
  private readonly entries = new Map<number, MimeNode>();

  constructor(private readonly capacity = 256) {}

  get(id: number, raw: Buffer): MimeNode {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    const node = parseMime(raw);
    this.entries.set(id, node);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as number);
    return node;
  }

  get size(): number {
    return this.entries.size;
  }
}
