import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import DatasetImport from '../../app/insights/DatasetImport.vue';
import { createAppI18n } from '../../app/i18n';

const upload = vi.hoisted(() => vi.fn());
vi.mock('../../app/insights/insights.api', () => ({ uploadDataset: upload }));

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  upload.mockReset();
});

async function choose(name: string, text: string) {
  wrapper = mount(DatasetImport, { global: { plugins: [createAppI18n('en'), createPinia()] }, attachTo: document.body });
  const input = wrapper.get<HTMLInputElement>('[data-testid=import-file]');
  Object.defineProperty(input.element, 'files', { value: [new File([text], name)], configurable: true });
  await input.trigger('change');
  await flushPromises();
  return wrapper;
}

describe('event-log import dialog', () => {
  it('takes an .xes file without a column mapping and names the place of each problem', async () => {
    const w = await choose('helpdesk.xes', '<log><trace/></log>');
    expect(w.find('[data-testid=import-xes]').exists()).toBe(true);
    expect(w.find('#map-case').exists()).toBe(false);
    expect((w.get<HTMLInputElement>('#import-name').element).value).toBe('helpdesk');
    upload.mockRejectedValue({ status: 422, message: 'The event log cannot be imported; nothing was stored', rows: [{ line: 5, trace: 1, event: 2, column: 'time:timestamp', message: 'the event has no time:timestamp' }] });
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(upload.mock.calls[0][0]).toEqual({ name: 'helpdesk', departmentId: null, format: 'xes', content: '<log><trace/></log>' });
    expect(w.get('[data-testid=import-failure] li').text()).toBe('Line 5, trace 1, event 2: (time:timestamp) the event has no time:timestamp');
  });

  it('keeps the column mapping for a CSV file', async () => {
    const w = await choose('log.csv', 'Case ID,Activity,Complete Timestamp\n1,A,2024-01-02 10:00\n');
    expect(w.find('[data-testid=import-xes]').exists()).toBe(false);
    expect((w.get<HTMLSelectElement>('#map-case').element).value).toBe('Case ID');
    upload.mockResolvedValue({ id: 'd1', name: 'log', cases: 1, events: 1, activities: 1, dateFormat: 'iso', warnings: [], ms: 1 });
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(upload.mock.calls[0][0]).toMatchObject({ format: 'csv', mapping: { case: 'Case ID', activity: 'Activity', timestamp: 'Complete Timestamp' } });
    expect(w.emitted('imported')).toHaveLength(1);
  });
});
