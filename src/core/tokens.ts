/** DI tokens for the process-wide objects built before Nest starts (config, logger, storage). */
export const CONFIG = Symbol('AppConfig');
export const LOGGER = Symbol('Logger');
export { DB } from '../infra/db/db.port';
