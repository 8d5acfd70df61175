import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../app/i18n';

/** Period A (before) and B (after): B is faster and has fewer escalations, but a lower SLA compliance. */
const overview = (cycle: number, sla: number, escalations: number, started: number) => ({
  requests: { started, completed: 40 }, cycleTime: { calendar: { mean: cycle, median: cycle, p90: cycle }, business: { mean: cycle } },
  sla: { resolution: { compliance: sla } }, escalations, reopenRate: null, satisfaction: { mean: null },
});
const api = vi.hoisted(() => ({ overview: vi.fn(), processes: vi.fn() }));
vi.mock('../../app/insights/insights.api', () => ({ insightsApi: api }));

describe('comparison of two periods', () => {
  it('says in words which change is better and which is worse, and colours it', async () => {
    api.processes.mockResolvedValue({ items: [] });
    // The view asks for A first, then B.
    api.overview.mockResolvedValueOnce(overview(10 * 3600, 0.9, 4, 50)).mockResolvedValueOnce(overview(8 * 3600, 0.8, 2, 60));
    const { default: CompareView } = await import('../../app/insights/CompareView.vue');
    const w = mount(CompareView, { global: { plugins: [createAppI18n('en'), createPinia()], stubs: { FilterBar: true } } });
    await flushPromises();
    const row = (label: string) => w.findAll('[data-testid=compare-table] tbody tr').find((r) => r.find('td').text() === label)!;
    const change = (label: string) => row(label).findAll('td')[3];
    expect(change('Mean cycle time').text()).toBe('-20% · better');
    expect(change('Mean cycle time').classes()).toContain('delta-better');
    expect(change('Escalations').text()).toBe('-50% · better');
    expect(change('SLA compliance (resolution)').text()).toBe('-11.1% · worse');
    expect(change('SLA compliance (resolution)').classes()).toContain('delta-worse');
    // A volume is neither better nor worse: the figure without a verdict or colour.
    expect(change('Requests').text()).toBe('+20%');
    expect(change('Requests').classes()).not.toContain('delta-better');
    expect(change('Completed').text()).toBe('0% · unchanged');
    w.unmount();
  });
});
