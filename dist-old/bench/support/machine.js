"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.machineFacts = machineFacts;
exports.loadFacts = loadFacts;
exports.waitForQuiet = waitForQuiet;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_os_1 = __importDefault(require("node:os"));
const promises_1 = require("node:timers/promises");
function machineFacts() {
    let cpuModel = node_os_1.default.cpus()[0]?.model ?? 'unknown';
    try {
        const line = (0, node_fs_1.readFileSync)('/proc/cpuinfo', 'utf8')
            .split('\n')
            .find((l) => l.startsWith('model name'));
        if (line)
            cpuModel = line.split(':')[1].trim();
    }
    catch {
        // keep os.cpus()'s answer
    }
    return {
        nproc: node_os_1.default.availableParallelism(),
        cpuModel,
        node: process.version,
        platform: `${node_os_1.default.type()} ${node_os_1.default.release()} ${node_os_1.default.arch()}`,
        memMiB: Math.round(node_os_1.default.totalmem() / 2 ** 20),
    };
}
function loadFacts() {
    let busiest = [];
    try {
        busiest = (0, node_child_process_1.execFileSync)('ps', ['-eo', 'pcpu,pid,comm,args', '--sort=-pcpu'], { encoding: 'utf8' })
            .split('\n')
            .slice(1, 6)
            .map((l) => l.trim().slice(0, 120))
            .filter(Boolean);
    }
    catch {
        // ps missing: the load average still says enough
    }
    return {
        at: new Date().toISOString(),
        loadavg: node_os_1.default.loadavg().map((v) => Math.round(v * 100) / 100),
        busiest,
    };
}
/**
 * Waits (bounded) until the 1-minute load average drops below `maxLoad`, so numbers are not taken
 * while something else uses the cores. Returns the load seen last; the caller records it either way.
 */
async function waitForQuiet(maxLoad, maxWaitS, say) {
    const deadline = Date.now() + maxWaitS * 1000;
    let facts = loadFacts();
    while (facts.loadavg[0] >= maxLoad && Date.now() < deadline) {
        say(`load ${facts.loadavg[0]} >= ${maxLoad}; waiting (busiest: ${facts.busiest[0] ?? '?'})`);
        await (0, promises_1.setTimeout)(15_000);
        facts = loadFacts();
    }
    return facts;
}
//# sourceMappingURL=machine.js.map