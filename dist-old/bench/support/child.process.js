"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ROOT = void 0;
exports.freePort = freePort;
exports.startServerProcess = startServerProcess;
exports.withOwnedDataDir = withOwnedDataDir;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_net_1 = __importDefault(require("node:net"));
const node_path_1 = __importDefault(require("node:path"));
const promises_1 = require("node:timers/promises");
/** The repository root, from dist/bench/support/ where this file runs. */
exports.ROOT = node_path_1.default.resolve(__dirname, '..', '..', '..');
/** Asks the kernel for a free port on 127.0.0.1 (the server binds it right after; the race is harmless here). */
async function freePort() {
    const server = node_net_1.default.createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(() => resolve()));
    return port;
}
function tail(file, lines = 20) {
    try {
        return (0, node_fs_1.readFileSync)(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    }
    catch {
        return '';
    }
}
async function exitOf(child, timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null)
        return true;
    const exited = new Promise((resolve) => child.once('exit', () => resolve(true)));
    return Promise.race([exited, (0, promises_1.setTimeout)(timeoutMs).then(() => false)]);
}
/**
 * Starts `node <script>` with exactly `env` (plus PATH), its output in `logFile`, and waits until
 * `readyUrl` answers 200. Bounded: gives up after `startTimeoutMs` and shows the log's tail.
 */
async function startServerProcess(opts) {
    const fd = (0, node_fs_1.openSync)(opts.logFile, 'a');
    const child = (0, node_child_process_1.spawn)(process.execPath, [...(opts.nodeArgs ?? []), opts.script], {
        cwd: exports.ROOT,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env },
        stdio: ['ignore', fd, fd],
    });
    (0, node_fs_1.closeSync)(fd);
    const stop = async () => {
        if (child.exitCode !== null || child.signalCode !== null)
            return;
        child.kill('SIGTERM');
        if (!(await exitOf(child, 10_000))) {
            child.kill('SIGKILL');
            await exitOf(child, 5_000);
        }
    };
    const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(`${opts.name} exited during start-up (${child.exitCode ?? child.signalCode}):\n${tail(opts.logFile)}`);
        try {
            const res = await fetch(opts.url + opts.readyPath, { signal: AbortSignal.timeout(2_000) });
            await res.arrayBuffer();
            if (res.status === 200)
                return { name: opts.name, pid: child.pid, url: opts.url, logFile: opts.logFile, stop };
        }
        catch {
            // not listening yet
        }
        await (0, promises_1.setTimeout)(200);
    }
    await stop();
    throw new Error(`${opts.name} did not answer ${opts.readyPath} within the start-up limit:\n${tail(opts.logFile)}`);
}
/**
 * Starts a server that owns the temporary `dataDir`: the folder is removed when the server stops,
 * or at once when it fails to start.
 */
async function withOwnedDataDir(dataDir, start) {
    try {
        const server = await start();
        return {
            ...server,
            stop: async () => {
                await server.stop();
                (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true });
            },
        };
    }
    catch (err) {
        (0, node_fs_1.rmSync)(dataDir, { recursive: true, force: true });
        throw err;
    }
}
//# sourceMappingURL=child.process.js.map