"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ZodPipe = void 0;
exports.ZodBody = ZodBody;
exports.ZodQuery = ZodQuery;
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const zod_1 = require("zod");
const app_error_1 = require("../errors/app-error");
const common_errors_1 = require("../errors/common.errors");
/** Validates and narrows a body or query with a zod schema; failures become 400 validation_failed. */
class ZodPipe {
    schema;
    constructor(schema) {
        this.schema = schema;
    }
    transform(value) {
        const result = this.schema.safeParse(value ?? {});
        if (result.success)
            return result.data;
        const fields = {};
        for (const issue of result.error.issues) {
            const key = issue.path.length > 0 ? issue.path.join('.') : '_';
            fields[key] ??= issue.message;
        }
        throw new app_error_1.AppError(common_errors_1.CommonErrors.validationFailed, fields);
    }
}
exports.ZodPipe = ZodPipe;
/** JSON Schema for OpenAPI, generated from the same zod schema that validates the request. */
function openApiSchema(schema) {
    const json = zod_1.z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    delete json.$schema;
    return json;
}
/** `@ZodBody(schema) body: z.infer<typeof schema>`: validation and OpenAPI from one definition. */
function ZodBody(schema) {
    return (target, key, index) => {
        (0, common_1.Body)(new ZodPipe(schema))(target, key, index);
        if (key !== undefined) {
            const descriptor = Object.getOwnPropertyDescriptor(target, key);
            if (descriptor)
                (0, common_1.applyDecorators)((0, swagger_1.ApiBody)({ schema: openApiSchema(schema) }))(target, key, descriptor);
        }
    };
}
/** Same as ZodBody for the query string. */
function ZodQuery(schema) {
    return (target, key, index) => {
        (0, common_1.Query)(new ZodPipe(schema))(target, key, index);
        if (key === undefined)
            return;
        const descriptor = Object.getOwnPropertyDescriptor(target, key);
        if (!descriptor)
            return;
        for (const [name, field] of Object.entries(schema.shape)) {
            const fieldSchema = field;
            (0, common_1.applyDecorators)((0, swagger_1.ApiQuery)({
                name,
                required: !fieldSchema.safeParse(undefined).success,
                schema: openApiSchema(fieldSchema),
            }))(target, key, descriptor);
        }
    };
}
//# sourceMappingURL=zod.js.map