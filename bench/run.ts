/** Runs every benchmark (`npm run bench`): the engine benchmark (options passed through), then forms. */
import { main as engine } from './engine';

async function run() {
  await engine(process.argv.slice(2));
  console.log('');
  await import('./forms'); // runs on import and prints its own summary
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
