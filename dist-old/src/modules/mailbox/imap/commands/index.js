"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IMAP_COMMANDS = void 0;
const authenticate_command_1 = require("./authenticate.command");
const capability_command_1 = require("./capability.command");
const check_command_1 = require("./check.command");
const close_command_1 = require("./close.command");
const examine_command_1 = require("./examine.command");
const expunge_command_1 = require("./expunge.command");
const fetch_command_1 = require("./fetch.command");
const idle_command_1 = require("./idle.command");
const list_command_1 = require("./list.command");
const login_command_1 = require("./login.command");
const logout_command_1 = require("./logout.command");
const lsub_command_1 = require("./lsub.command");
const noop_command_1 = require("./noop.command");
const search_command_1 = require("./search.command");
const select_command_1 = require("./select.command");
const starttls_command_1 = require("./starttls.command");
const status_command_1 = require("./status.command");
const store_command_1 = require("./store.command");
/** Every command the server knows, by name (UID is a prefix handled by the connection). */
exports.IMAP_COMMANDS = new Map([
    authenticate_command_1.authenticateCommand,
    capability_command_1.capabilityCommand,
    check_command_1.checkCommand,
    close_command_1.closeCommand,
    examine_command_1.examineCommand,
    expunge_command_1.expungeCommand,
    fetch_command_1.fetchCommand,
    idle_command_1.idleCommand,
    list_command_1.listCommand,
    login_command_1.loginCommand,
    logout_command_1.logoutCommand,
    lsub_command_1.lsubCommand,
    noop_command_1.noopCommand,
    search_command_1.searchCommand,
    select_command_1.selectCommand,
    starttls_command_1.starttlsCommand,
    status_command_1.statusCommand,
    store_command_1.storeCommand,
].map((c) => [c.name, c]));
//# sourceMappingURL=index.js.map