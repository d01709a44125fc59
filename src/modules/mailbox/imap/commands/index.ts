import type { ImapCommand } from '../imap.command';
import { authenticateCommand } from './authenticate.command';
import { capabilityCommand } from './capability.command';
import { checkCommand } from './check.command';
import { closeCommand } from './close.command';
import { examineCommand } from './examine.command';
import { expungeCommand } from './expunge.command';
import { fetchCommand } from './fetch.command';
import { idleCommand } from './idle.command';
import { listCommand } from './list.command';
import { loginCommand } from './login.command';
import { logoutCommand } from './logout.command';
import { lsubCommand } from './lsub.command';
import { noopCommand } from './noop.command';
import { searchCommand } from './search.command';
import { selectCommand } from './select.command';
import { starttlsCommand } from './starttls.command';
import { statusCommand } from './status.command';
import { storeCommand } from './store.command';

/** Every command the server knows, by name (UID is a prefix handled by the connection). */
export const IMAP_COMMANDS: ReadonlyMap<string, ImapCommand> = new Map(
  [
    authenticateCommand,
    capabilityCommand,
    checkCommand,
    closeCommand,
    examineCommand,
    expungeCommand,
    fetchCommand,
    idleCommand,
    listCommand,
    loginCommand,
    logoutCommand,
    lsubCommand,
    noopCommand,
    searchCommand,
    selectCommand,
    starttlsCommand,
    statusCommand,
    storeCommand,
  ].map((c) => [c.name, c]),
);
