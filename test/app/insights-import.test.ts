import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import DatasetImport from '../../app/insights/DatasetImport.vue';
import { createAppI18n } from '../../app/i18n';
import type { ImportCallbacks } from '../../app/insights/insights.api';

const importLog = vi.hoisted(() => vi.fn());
vi.mock('../../app/insights/insights.api', () => ({ importLog }));

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  importLog.mockReset();
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
    importLog.mockRejectedValue({ status: 422, message: 'The event log cannot be imported; nothing was stored', rows: [{ line: 5, trace: 1, event: 2, column: 'time:timestamp', message: 'the event has no time:timestamp' }] });
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(importLog.mock.calls[0][0]).toEqual({ name: 'helpdesk', departmentId: null, format: 'xes' });
    // The file goes as it is (streamed by the browser), not read into a string.
    expect(importLog.mock.calls[0][1]).toBeInstanceOf(File);
    expect(w.get('[data-testid=import-failure] li').text()).toBe('Line 5, trace 1, event 2: (time:timestamp) the event has no time:timestamp');
  });

  it('keeps the column mapping for a CSV file, previewed from its first lines', async () => {
    const w = await choose('log.csv', 'Case ID,Activity,Complete Timestamp\n1,A,2024-01-02 10:00\n');
    expect(w.find('[data-testid=import-xes]').exists()).toBe(false);
    expect((w.get<HTMLSelectElement>('#map-case').element).value).toBe('Case ID');
    importLog.mockResolvedValue({ id: 'd1', name: 'log', cases: 1, events: 1, activities: 1, dateFormat: 'iso', warnings: [], ms: 1 });
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(importLog.mock.calls[0][0]).toMatchObject({ format: 'csv', mapping: { case: 'Case ID', activity: 'Activity', timestamp: 'Complete Timestamp' } });
    expect(w.emitted('imported')).toHaveLength(1);
  });

  it('shows the upload share and what the server has read, and cancels on request', async () => {
    const w = await choose('bpic.xes.gz', 'not really gzip');
    expect((w.get<HTMLInputElement>('#import-name').element).value).toBe('bpic');
    let callbacks!: ImportCallbacks;
    importLog.mockImplementation((_meta, _file, cb: ImportCallbacks) => {
      callbacks = cb;
      return new Promise((_resolve, reject) => cb.signal.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError'))));
    });
    await w.get('form').trigger('submit');
    await flushPromises();
    callbacks.onUpload(0.42);
    callbacks.onServer({ status: 'importing', received: 3_000_000, bytes: 31_457_280, events: 81_234, traces: 4_012 });
    await flushPromises();
    const bar = w.get<HTMLProgressElement>('#import-progress');
    expect(bar.element.value).toBeCloseTo(0.42);
    expect(w.get('label[for=import-progress]').text()).toBe('Uploading … 42 %');
    expect(w.get('[data-testid=import-server]').text()).toBe('Read so far: 81,234 events in 4,012 traces (30 MB)');
    expect(w.get<HTMLButtonElement>('[data-testid=import-submit]').element.disabled).toBe(true);
    await w.get('[data-testid=import-cancel]').trigger('click');
    await flushPromises();
    expect(callbacks.signal.aborted).toBe(true);
    expect(w.find('[data-testid=import-progress]').exists()).toBe(false);
    expect(w.get('[data-testid=import-cancelled]').text()).toBe('The import was cancelled; nothing was stored.');
  });
});
