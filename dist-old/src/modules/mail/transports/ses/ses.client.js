"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createSesClient = createSesClient;
const client_sesv2_1 = require("@aws-sdk/client-sesv2");
/**
 * The SESv2 client for MAIL_TRANSPORT=ses, built once here and passed to the transport (tests inject
 * their own). One attempt per send: the worker's retry policy (jittered back-off, attempt log) is the
 * only one, instead of the SDK's three tries hidden inside each of ours.
 */
function createSesClient(config) {
    const aws = config.mail.aws;
    return new client_sesv2_1.SESv2Client({
        region: aws.region,
        endpoint: aws.sesEndpoint,
        credentials: aws.credentials, // unset: the SDK's default chain (env, profile, role)
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
    });
}
//# sourceMappingURL=ses.client.js.map