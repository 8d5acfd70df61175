// #18 point 1: a step shows its German name (esm:nameDe) to German readers wherever it appears.
import { describe, expect, it } from 'vitest';
import { stepName } from '../../app/requests/serviceTitle';
import { diagramInLanguage } from '../../app/requests/diagramNames';
import { currentStep } from '../../app/portal/requestText';
import { createAppI18n } from '../../app/i18n';

describe('step names in the reader\'s language', () => {
  it('takes the German name for German readers, else the default', () => {
    const step = { name: 'Check the licence', nameDe: 'Lizenz prüfen' };
    expect(stepName(step, 'de')).toBe('Lizenz prüfen');
    expect(stepName(step, 'en')).toBe('Check the licence');
    expect(stepName({ name: 'Check the licence', nameDe: null }, 'de')).toBe('Check the licence');
    expect(stepName({}, 'de')).toBeNull();
  });

  it('says the current step of a request in German: "In Bearbeitung: Lizenz prüfen"', () => {
    const { t } = createAppI18n('de').global;
    const request = { status: 'active' as const, openTasks: [{ elementId: 'Check', name: 'Check the licence', nameDe: 'Lizenz prüfen', dueAt: null, assignee: null }] };
    expect(currentStep(request, 'employee@lotse.demo', t as never, 'de')).toBe('In Bearbeitung: Lizenz prüfen');
  });

  it('labels a read-only diagram with the German names for German readers only', () => {
    const xml = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:esm="urn:lotse:esm:1"><bpmn:process id="p"><bpmn:userTask id="Check" name="Check the licence" esm:nameDe="Lizenz prüfen"/></bpmn:process></bpmn:definitions>';
    expect(diagramInLanguage(xml, 'de')).toContain('name="Lizenz prüfen"');
    expect(diagramInLanguage(xml, 'en')).toBe(xml);
  });
});
