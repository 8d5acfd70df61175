/**
 * The one place that plugs the domains into the engine (its ports, server/engine/runtime/ports.ts):
 * SLA working time and clocks, notify's substitutes, notifications and e-mail connector. main.ts
 * wires the server's engine; createApp wires an engine it makes itself; tests and the demo
 * simulation wire theirs with the hooks they want.
 */
import type { Config } from './config';
import type { Engine } from './engine/runtime/runtime';
import { absenceConnector, absenceSubstituteOf } from './documents/absences';
import { documentConnector } from './documents/connector';
import { personnelDataConnector } from './documents/master-data';
import { emailConnector } from './notify/email-connector';
import { notify } from './notify/notifications';
import { substituteOf } from './notify/substitutes';
import { slaOnFlush } from './sla/clocks';
import { workingDue } from './sla/working-time';
import { resolveSecrets } from './secrets/store';
import { problemConnector } from './problems/connector';

export interface EngineWiring {
  /** PUBLIC_URL, the base of links in mails (unset: mails carry no links). */
  publicUrl?: string | null;
  /** Write notifications (in-app and mail) for what a unit did. Off: the demo's simulated past, engine tests. */
  notify?: boolean;
  /** Keep the SLA clocks at the end of every unit. */
  slaClocks?: boolean;
  /** LOTSE_SECRET_KEY, to decrypt connector secrets (null: none can be read). */
  secretKey?: Buffer | null;
}

/**
 * Sets the engine's ports. Working time, substitutes and the e-mail connector always; notifications
 * and SLA clocks when asked. Wiring twice changes nothing (what is set stays).
 */
export function wireEngine(engine: Engine, wiring: EngineWiring = {}): Engine {
  const { ports } = engine;
  if (wiring.publicUrl !== undefined) engine.publicUrl ??= wiring.publicUrl;
  ports.workingTime ??= workingDue;
  // A person's own substitute setting first; else the substitute of an absence that lasts (#20).
  ports.substitutes ??= async (tx, email, at) => (await substituteOf(tx, email, at)) ?? absenceSubstituteOf(tx, email, at);
  if (!ports.inlineConnectors.has('email')) ports.inlineConnectors.set('email', emailConnector);
  if (!ports.workerConnectors.has('document')) ports.workerConnectors.set('document', documentConnector);
  if (!ports.workerConnectors.has('personnel-data')) ports.workerConnectors.set('personnel-data', personnelDataConnector);
  if (!ports.workerConnectors.has('absence')) ports.workerConnectors.set('absence', absenceConnector);
  if (!ports.inlineConnectors.has('problem')) ports.inlineConnectors.set('problem', problemConnector);
  ports.secrets ??= (db, instanceId, names) => resolveSecrets(db, wiring.secretKey ?? null, instanceId, names);
  if (wiring.notify) ports.notifier ??= (tx, intents, at) => notify(tx, intents, at, engine.publicUrl);
  if (wiring.slaClocks && !ports.flushHooks.includes(slaOnFlush)) ports.flushHooks.push(slaOnFlush);
  return engine;
}

/** The server's wiring: links to PUBLIC_URL, notifications and SLA clocks on. */
export function serverWiring(config: Pick<Config, 'publicUrl' | 'secretKey'>): EngineWiring {
  return { publicUrl: config.publicUrl, notify: true, slaClocks: true, secretKey: config.secretKey ?? null };
}
