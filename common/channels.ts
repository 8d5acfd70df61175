/** The ways a request comes in (issue #21): the portal (and the API) or a department mailbox. */
export const CHANNELS = ['portal', 'mail'] as const;
export type Channel = (typeof CHANNELS)[number];

export const isChannel = (v: unknown): v is Channel => typeof v === 'string' && (CHANNELS as readonly string[]).includes(v);
