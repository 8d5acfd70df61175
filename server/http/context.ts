import type { Principal } from '../auth/principal';
import type { ApiTokenScope } from '../auth/tokens';

/** Hono environment shared by all routes. */
export type AppEnv = {
  Variables: {
    principal: Principal | null;
    /** Set when the caller authenticated with an API token instead of a session (job workers). */
    apiToken: ApiTokenScope | null;
  };
};
