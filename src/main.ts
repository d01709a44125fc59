import { existsSync, readFileSync } from 'node:fs';
import { parseEnv as parseDotenv } from 'node:util';
import { startApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './common/logging/logger';

/** `.env` fills in what the real environment leaves unset; the environment always wins. */
function readDotenv(): NodeJS.ProcessEnv {
  if (!existsSync('.env')) return process.env;
  return { ...parseDotenv(readFileSync('.env', 'utf8')), ...process.env };
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(readDotenv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`mailgate: invalid setting ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const running = await startApp(config, log);
  log.info({ url: running.url, profile: config.profile, dataDir: config.dataDir }, 'mailgate is listening');
  if (config.apiKeyGenerated) log.info({ apiKey: config.apiKeys[0] }, 'development API key for POST /emails');
}

main().catch((err: unknown) => {
  process.stderr.write(`mailgate: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
