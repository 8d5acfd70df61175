/**
 * npm run backup -- FILE   /   npm run restore -- FILE
 * Reads DATABASE_URL / DATA_DIR like the server. Ends with one line on success and one clear line
 * (exit 1) on a failure.
 */
import { ConfigError, loadConfig } from '../config';
import { openPostgres } from '../db/postgres';
import { SchemaTooNewError } from '../db/migrate';
import { backupPglite, backupPostgres, BackupError, restorePglite, restorePostgres } from './backup';

async function main(argv: string[]) {
  const [command, file] = argv;
  if ((command !== 'backup' && command !== 'restore') || !file) {
    throw new BackupError('usage: npm run backup -- FILE  |  npm run restore -- FILE');
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    if (command === 'backup') {
      await backupPostgres(config.databaseUrl, file);
      return `backup of PostgreSQL written to ${file}`;
    }
    const db = await openPostgres(config.databaseUrl);
    try {
      const { schema } = await restorePostgres(config.databaseUrl, file, db);
      return `restored ${file} into PostgreSQL (schema ${schema}); start the server to apply newer migrations`;
    } finally {
      await db.close();
    }
  }
  if (command === 'backup') {
    const how = await backupPglite(config.dataDir, file);
    return `backup of ${config.dataDir} written to ${file}${how === 'server' ? ' by the running server' : ''}`;
  }
  const { schema, keptAt } = await restorePglite(config.dataDir, file);
  return `restored ${file} into ${config.dataDir} (schema ${schema})${keptAt ? `; the previous data is kept in ${keptAt}` : ''}`;
}

main(process.argv.slice(2)).then(
  (line) => {
    process.stdout.write(`lotse: ${line}\n`);
    process.exit(0);
  },
  (err) => {
    const known = err instanceof BackupError || err instanceof SchemaTooNewError || err instanceof ConfigError;
    process.stderr.write(`lotse: ${known ? (err as Error).message : `${command()} failed: ${(err as Error)?.stack ?? err}`}\n`);
    process.exit(1);
  },
);

function command() {
  return process.argv[2] ?? 'command';
}
