"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.cpuSnapshot = cpuSnapshot;
exports.cpuBetween = cpuBetween;
exports.cpuSnapshots = cpuSnapshots;
exports.cpuBetweenAll = cpuBetweenAll;
const node_fs_1 = require("node:fs");
const TICKS_PER_SECOND = 100; // USER_HZ; `getconf CLK_TCK` is 100 on every Linux the bench targets
function threadTicks(pid, tid) {
    try {
        const stat = (0, node_fs_1.readFileSync)(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[11]) + Number(fields[12]);
    }
    catch {
        return 0; // the thread ended between readdir and read
    }
}
function cpuSnapshot(pid) {
    let main = 0;
    let other = 0;
    let tids = [];
    try {
        tids = (0, node_fs_1.readdirSync)(`/proc/${pid}/task`);
    }
    catch {
        // not Linux, or the process is gone: report zeros rather than fail the benchmark
    }
    for (const tid of tids) {
        const ticks = threadTicks(pid, tid);
        if (Number(tid) === pid)
            main += ticks;
        else
            other += ticks;
    }
    return { atMs: performance.now(), mainS: main / TICKS_PER_SECOND, otherS: other / TICKS_PER_SECOND };
}
function cpuBetween(a, b) {
    const wallS = (b.atMs - a.atMs) / 1000;
    const mainS = b.mainS - a.mainS;
    const otherS = b.otherS - a.otherS;
    return {
        wallS,
        mainS,
        otherS,
        mainCores: mainS / wallS,
        otherCores: otherS / wallS,
        totalCores: (mainS + otherS) / wallS,
    };
}
/** The same split for several processes at once (the app and the load generator, say). */
function cpuSnapshots(pids) {
    return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSnapshot(pid)]));
}
function cpuBetweenAll(a, b) {
    return Object.fromEntries(Object.keys(a).map((name) => [name, cpuBetween(a[name], b[name])]));
}
//# sourceMappingURL=cpu.js.map