import { Algorithm, type Options } from '@node-rs/argon2';

/**
 * The argon2id parameters of the signup module.
 * TODO(bench): import them from src/modules/signup once it lands, so the two cannot drift.
 */
export const SIGNUP_ARGON2: Options = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};
