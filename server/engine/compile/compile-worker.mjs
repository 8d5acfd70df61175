// Worker-thread entry of the deploy compile pool. The server runs TypeScript through tsx (npm start,
// vitest); a worker thread does not inherit vitest's transform, so tsx is registered here first.
import { register } from 'tsx/esm/api';

register();
const task = await import('./compile-task.ts');

export default task.default;
