"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const pglite_1 = require("@electric-sql/pglite");
const fastify_1 = __importDefault(require("fastify"));
const node_crypto_1 = require("node:crypto");
const nodemailer_1 = __importDefault(require("nodemailer"));
const signup_hasher_1 = require("../support/signup.hasher");
/**
 * The seed's synchronous signup (its 003/000 design), kept only as the benchmark's baseline:
 * hash the password, insert the user, then send the verification mail INSIDE the request and
 * answer only when the SMTP server has said 250. One plain (unpooled) nodemailer transport, as
 * the seed built it. mailgate exists to not do this; the benchmark shows what it costs.
 */
async function main() {
    const { PORT, SMTP_URL, DATA_DIR } = process.env;
    if (!PORT || !SMTP_URL || !DATA_DIR)
        throw new Error('PORT, SMTP_URL and DATA_DIR are required');
    const port = Number(PORT);
    const db = new pglite_1.PGlite(DATA_DIR);
    await db.exec(`CREATE TABLE IF NOT EXISTS users (
    id uuid PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL,
    password_hash text NOT NULL, signup_verify_token text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    const transporter = nodemailer_1.default.createTransport(SMTP_URL);
    const app = (0, fastify_1.default)({ logger: false, bodyLimit: 64 * 1024 });
    app.get('/health', async () => ({ status: 'ok' }));
    app.post('/users', async (req, reply) => {
        const { name, email, password } = req.body ?? {};
        if (typeof name !== 'string' || typeof email !== 'string' || typeof password !== 'string')
            return reply.code(400).send({ statusCode: 400, message: 'name, email and password are required' });
        const passwordHash = await signup_hasher_1.signupHasher.hash(password);
        const token = (0, node_crypto_1.randomBytes)(32).toString('base64url');
        await db.query('INSERT INTO users (id, email, name, password_hash, signup_verify_token) VALUES ($1, $2, $3, $4, $5)', [(0, node_crypto_1.randomUUID)(), email.toLowerCase(), name, passwordHash, token]);
        await transporter.sendMail({
            from: { name: 'seed', address: 'no-reply@localhost' },
            to: { name, address: email },
            subject: 'Verify your email',
            text: `Open http://127.0.0.1:${port}/users/email-verify?signupVerifyToken=${token}`,
        });
        return reply.code(201).send({ message: 'created' });
    });
    await app.listen({ port, host: '127.0.0.1' });
    const stop = () => {
        void app
            .close()
            .then(() => db.close())
            .finally(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
}
main().catch((err) => {
    process.stderr.write(`seed server failed: ${String(err)}\n`);
    process.exit(1);
});
//# sourceMappingURL=seed.server.js.map