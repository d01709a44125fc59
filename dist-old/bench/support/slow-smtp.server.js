"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startSlowSmtp = startSlowSmtp;
const smtp_server_1 = require("smtp-server");
const MAX_MESSAGE = 1024 * 1024;
/**
 * A stand-in for a slow provider: accepts every message but waits `delayMs` after the end of
 * DATA before answering 250, the way a loaded relay or a provider's API behind an SMTP bridge
 * does. Plain SMTP without AUTH or STARTTLS on 127.0.0.1, so clients need no credentials.
 */
async function startSlowSmtp(delayMs) {
    let accepted = 0;
    const timers = new Set();
    const server = new smtp_server_1.SMTPServer({
        authOptional: true,
        disabledCommands: ['AUTH', 'STARTTLS'],
        logger: false,
        size: MAX_MESSAGE,
        closeTimeout: 1_000,
        onData(stream, _session, callback) {
            // Read the message to the end (never buffered: only its size is counted), then stall.
            let bytes = 0;
            stream.on('data', (chunk) => (bytes += chunk.length));
            stream.on('end', () => {
                if (bytes > MAX_MESSAGE)
                    return callback(new Error('message too big'));
                const timer = setTimeout(() => {
                    timers.delete(timer);
                    accepted++;
                    callback();
                }, delayMs);
                timers.add(timer);
            });
        },
    });
    server.on('error', () => undefined); // a client hanging up mid-session is expected at shutdown
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address();
    return {
        url: `smtp://127.0.0.1:${port}`,
        accepted: () => accepted,
        close: async () => {
            for (const t of timers)
                clearTimeout(t);
            timers.clear();
            await new Promise((resolve) => server.close(() => resolve()));
        },
    };
}
//# sourceMappingURL=slow-smtp.server.js.map