import { describe, it, expect } from 'vitest';
import { compileDmn } from '../../server/engine/compile/dmn';
import { evaluateDecision } from '../../server/engine/core/dmn';
import { harness } from './harness';
import { fixture } from './fixtures';

const now = new Date('2025-01-06T08:00:00Z');

describe('DMN decisions', () => {
  it('given a UNIQUE table, then the single matching rule decides', async () => {
    const { decisions, errors } = await compileDmn(fixture('rules.dmn'));
    expect(errors).toEqual([]);
    expect(evaluateDecision(decisions, 'priority', { impact: 'high', urgency: 'low' }, now)).toEqual({ ok: true, value: 2 });
    expect(evaluateDecision(decisions, 'priority', { impact: 'low', urgency: 'high' }, now)).toEqual({ ok: true, value: 3 });
  });

  it('given COLLECT with SUM, then matching outputs are added up', async () => {
    const { decisions } = await compileDmn(fixture('rules.dmn'));
    expect(evaluateDecision(decisions, 'fees', { amount: 5000 }, now)).toEqual({ ok: true, value: 61 });
    expect(evaluateDecision(decisions, 'fees', { amount: 5 }, now)).toEqual({ ok: true, value: 1 });
  });

  it('given FIRST with two outputs, then the first match returns a context', async () => {
    const { decisions } = await compileDmn(fixture('rules.dmn'));
    expect(evaluateDecision(decisions, 'route', { amount: 50 }, now)).toEqual({ ok: true, value: { team: 'helpdesk', sla: 'PT8H' } });
  });

  it('given a business-rule task, then the decision result is stored in its result variable', async () => {
    const e = await harness();
    await e.deployDmn(fixture('rules.dmn'));
    await e.deploy(fixture('business-rule.bpmn'));
    const i = await e.start('triage', { impact: 'high', urgency: 'high' });
    expect(await e.status(i)).toBe('completed');
    expect((await e.variables(i)).prio).toBe(1);
  });
});
