"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findTemplate = findTemplate;
exports.assertRenderable = assertRenderable;
const mail_port_1 = require("../mail.port");
const signup_exists_template_1 = require("./signup-exists/signup-exists.template");
const signup_verify_template_1 = require("./signup-verify/signup-verify.template");
const template_renderer_1 = require("./template.renderer");
/**
 * Every template by the name features enqueue. Templates are TypeScript modules rather than
 * .html/.txt files so tsc type-checks them and ships them in dist with no copy step to forget.
 */
const TEMPLATES = {
    'signup-verify': signup_verify_template_1.signupVerify,
    'signup-exists': signup_exists_template_1.signupExists,
};
function findTemplate(name) {
    return Object.hasOwn(TEMPLATES, name) ? TEMPLATES[name] : undefined;
}
/** Throws when a message could not be rendered later: caught at enqueue, inside the caller's tests. */
function assertRenderable(name, available) {
    const template = findTemplate(name);
    if (!template)
        throw new mail_port_1.MailRejectedError('template', `unknown mail template "${name}"`);
    const have = new Set(available);
    const missing = [...(0, template_renderer_1.variablesOf)(template)].filter((v) => !have.has(v));
    if (missing.length > 0)
        throw new mail_port_1.MailRejectedError('data', `mail template "${name}" needs values for: ${missing.join(', ')}`);
}
//# sourceMappingURL=template.registry.js.map