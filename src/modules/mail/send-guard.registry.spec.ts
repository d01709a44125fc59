import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SendGuard } from './mail.port';
import { SendGuardRegistry } from './send-guard.registry';

describe('send guard registry', () => {
  const guard: SendGuard = { check: () => Promise.resolve({ kind: 'send' }) };

  it('finds a guard by its template only', () => {
    const registry = new SendGuardRegistry();
    registry.register('password-reset', guard);
    assert.equal(registry.find('password-reset'), guard);
    assert.equal(registry.find('password-changed'), undefined);
  });

  it('a guarded template without its guard fails closed; an unguarded one is sent as stored', () => {
    const registry = new SendGuardRegistry();
    assert.throws(() => registry.find('password-reset'), /no send guard is registered for "password-reset"/);
    assert.throws(() => registry.find('signup-verify'), /no send guard is registered for "signup-verify"/);
    assert.equal(registry.find('signup-exists'), undefined);
    assert.equal(new SendGuardRegistry(new Set()).find('password-reset'), undefined);
  });

  it('refuses a second guard for one template (two modules would silently race otherwise)', () => {
    const registry = new SendGuardRegistry();
    registry.register('password-reset', guard);
    assert.throws(() => registry.register('password-reset', guard), /already registered/);
  });
});
