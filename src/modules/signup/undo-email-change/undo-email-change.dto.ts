import { z } from 'zod';

/** JSON `{token}`, the undo page's form, or nothing (token in the query). */
export const undoBody = z.object({ token: z.string().max(512).optional() });
export type UndoBody = z.infer<typeof undoBody>;
