/** DI tokens for the process-wide objects built before Nest starts (config, logger, storage). */
export const CONFIG = Symbol('AppConfig');
export const LOGGER = Symbol('Logger');
/** The distributed profile's Redis connection; null in the embedded profile. */
export const REDIS = Symbol('Redis');
export { DB } from '../infra/db/db.port';
