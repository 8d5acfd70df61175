/** Issue #14 point 6: at most 60 timer-started instances per process and minute; the rest is skipped and logged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/db';
import { silentLogger } from '../../server/log';
import { fireDueTimers } from '../../server/engine/jobs/jobs';
import { Engine } from '../../server/engine/runtime/runtime';
import { compileBpmn } from '../../server/engine/compile/compile';
import { MAX_TIMER_STARTS_PER_MINUTE } from '../../common/limits';
import { dbTargets } from '../support/db';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"`;
const XML = `<bpmn:definitions ${NS} id="d"><bpmn:process id="ticker" isExecutable="true">
  <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
  <bpmn:sequenceFlow id="f" sourceRef="tick" targetRef="end" /><bpmn:endEvent id="end" /></bpmn:process></bpmn:definitions>`;

describe.each(dbTargets())('timer start cap ($name)', (target) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await target.open();
    db = opened.db;
    dispose = opened.dispose;
  });
  afterAll(() => dispose());

  it('given 80 start timers due at once for one process, then 60 instances start and 20 firings are skipped with the reason', async () => {
    const now = new Date('2025-01-06T08:00:00Z');
    const warnings: string[] = [];
    const engine = new Engine(db, () => now, { ...silentLogger, warn: (msg: string) => void warnings.push(msg) });
    const model = (await compileBpmn(XML)).processes[0];
    const defId = randomUUID();
    await db.query('INSERT INTO definitions (id, key, version, xml, xml_hash, model, deployed_at) VALUES ($1, $2, 1, $3, $4, $5, $6)', [defId, 'ticker', XML, 'h', JSON.stringify(model), now]);
    for (let i = 0; i < 80; i++) {
      await db.query(
        "INSERT INTO jobs (id, kind, definition_id, element_id, status, retries, due_at, created_at) VALUES ($1, 'start_timer', $2, 'tick', 'ready', 3, $3, $3)",
        [randomUUID(), defId, new Date(now.getTime() - 1000)],
      );
    }
    await fireDueTimers(engine, 1000);
    const started = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM process_instances WHERE process_key = 'ticker'");
    expect(started.rows[0].n).toBe(MAX_TIMER_STARTS_PER_MINUTE);
    const skipped = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE kind = 'start_timer' AND status = 'cancelled' AND error_message LIKE 'skipped:%'");
    expect(skipped.rows[0].n).toBe(20);
    expect(warnings).toContain('timer start skipped');
  });
});
