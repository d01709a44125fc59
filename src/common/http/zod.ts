import { Body, type PipeTransform, Query, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { CommonErrors } from '../errors/common.errors';

/** Validates and narrows a body or query with a zod schema; failures become 400 validation_failed. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.length > 0 ? issue.path.join('.') : '_';
      fields[key] ??= issue.message;
    }
    throw new AppError(CommonErrors.validationFailed, fields);
  }
}

/**
 * Validates inside a handler rather than in a pipe: for a route that answers an HTML form with a
 * page, a refused value must reach the handler's own error path (see form-answer.ts).
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  return new ZodPipe(schema).transform(value);
}

/** JSON Schema for OpenAPI, generated from the same zod schema that validates the request. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** `@ZodBody(schema) body: z.infer<typeof schema>`: validation and OpenAPI from one definition. */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) applyDecorators(ApiBody({ schema: openApiSchema(schema) }))(target, key, descriptor);
    }
  };
}

/** Same as ZodBody for the query string. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema))(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor) return;
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      applyDecorators(
        ApiQuery({
          name,
          required: !fieldSchema.safeParse(undefined).success,
          schema: openApiSchema(fieldSchema),
        }),
      )(target, key, descriptor);
    }
  };
}
