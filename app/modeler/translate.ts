/**
 * bpmn-js's own texts (palette, context pad, replace menu, their screen-reader titles) in the UI
 * language: the diagram-js `translate` service, replaced the documented way (a module that
 * overrides `translate`). English is bpmn-js's source text; German comes from BPMN_DE. A text the
 * dictionary lacks stays English rather than breaking. diagram-js redraws palette and pad on
 * `i18n.changed`, so `locale` is read on every call.
 */
const BPMN_DE: Record<string, string> = {
  // palette
  'Activate hand tool': 'Hand-Werkzeug aktivieren',
  'Activate lasso tool': 'Lasso-Werkzeug aktivieren',
  'Activate create/remove space tool': 'Werkzeug „Platz schaffen/entfernen“ aktivieren',
  'Activate global connect tool': 'Verbindungswerkzeug aktivieren',
  'Create start event': 'Startereignis anlegen',
  'Create intermediate/boundary event': 'Zwischen-/Randereignis anlegen',
  'Create end event': 'Endereignis anlegen',
  'Create gateway': 'Gateway anlegen',
  'Create task': 'Aufgabe anlegen',
  'Create expanded sub-process': 'Aufgeklappten Teilprozess anlegen',
  'Create data object reference': 'Datenobjekt anlegen',
  'Create data store reference': 'Datenspeicher anlegen',
  'Create group': 'Gruppe anlegen',
  'Create pool/participant': 'Pool/Teilnehmer anlegen',
  // context pad
  'Append end event': 'Endereignis anhängen',
  'Append gateway': 'Gateway anhängen',
  'Append task': 'Aufgabe anhängen',
  'Append intermediate/boundary event': 'Zwischen-/Randereignis anhängen',
  'Append receive task': 'Empfangsaufgabe anhängen',
  'Append message intermediate catch event': 'Nachrichten-Zwischenereignis anhängen',
  'Append timer intermediate catch event': 'Timer-Zwischenereignis anhängen',
  'Append conditional intermediate catch event': 'Bedingungs-Zwischenereignis anhängen',
  'Append signal intermediate catch event': 'Signal-Zwischenereignis anhängen',
  'Append compensation activity': 'Kompensationsaktivität anhängen',
  'Add text annotation': 'Textanmerkung hinzufügen',
  'Add lane above': 'Bahn oberhalb hinzufügen',
  'Add lane below': 'Bahn unterhalb hinzufügen',
  'Divide into two lanes': 'In zwei Bahnen teilen',
  'Divide into three lanes': 'In drei Bahnen teilen',
  'Change element': 'Element ändern',
  'Connect to other element': 'Mit anderem Element verbinden',
  'Connect using association': 'Mit Assoziation verbinden',
  'Connect using data input association': 'Mit Dateneingabe-Assoziation verbinden',
  Delete: 'Löschen',
  'Search in diagram': 'Im Diagramm suchen',
  // replace menu ("Change element")
  Task: 'Aufgabe',
  'User task': 'Benutzeraufgabe',
  'Service task': 'Serviceaufgabe',
  'Send task': 'Sendeaufgabe',
  'Receive task': 'Empfangsaufgabe',
  'Manual task': 'Manuelle Aufgabe',
  'Business rule task': 'Geschäftsregelaufgabe',
  'Script task': 'Skriptaufgabe',
  'Call activity': 'Aufrufaktivität',
  'Sub-process (collapsed)': 'Teilprozess (zugeklappt)',
  'Sub-process (expanded)': 'Teilprozess (aufgeklappt)',
  'Event sub-process': 'Ereignis-Teilprozess',
  Transaction: 'Transaktion',
  'Start event': 'Startereignis',
  'End event': 'Endereignis',
  'Intermediate throw event': 'Auslösendes Zwischenereignis',
  'Boundary event': 'Randereignis',
  'Message start event': 'Nachrichten-Startereignis',
  'Timer start event': 'Timer-Startereignis',
  'Signal start event': 'Signal-Startereignis',
  'Conditional start event': 'Bedingungs-Startereignis',
  'Message end event': 'Nachrichten-Endereignis',
  'Error end event': 'Fehler-Endereignis',
  'Escalation end event': 'Eskalations-Endereignis',
  'Signal end event': 'Signal-Endereignis',
  'Terminate end event': 'Beendendes Endereignis',
  'Message intermediate catch event': 'Nachrichten-Zwischenereignis (empfangend)',
  'Message intermediate throw event': 'Nachrichten-Zwischenereignis (sendend)',
  'Timer intermediate catch event': 'Timer-Zwischenereignis',
  'Signal intermediate catch event': 'Signal-Zwischenereignis (empfangend)',
  'Signal intermediate throw event': 'Signal-Zwischenereignis (sendend)',
  'Message boundary event': 'Nachrichten-Randereignis',
  'Timer boundary event': 'Timer-Randereignis',
  'Error boundary event': 'Fehler-Randereignis',
  'Escalation boundary event': 'Eskalations-Randereignis',
  'Signal boundary event': 'Signal-Randereignis',
  'Message boundary event (non-interrupting)': 'Nachrichten-Randereignis (nicht unterbrechend)',
  'Timer boundary event (non-interrupting)': 'Timer-Randereignis (nicht unterbrechend)',
  'Exclusive gateway': 'Exklusives Gateway',
  'Parallel gateway': 'Paralleles Gateway',
  'Inclusive gateway': 'Inklusives Gateway',
  'Event-based gateway': 'Ereignisbasiertes Gateway',
  'Complex gateway': 'Komplexes Gateway',
  'Sequence flow': 'Sequenzfluss',
  'Default flow': 'Standardfluss',
  'Conditional flow': 'Bedingter Fluss',
  'Data object reference': 'Datenobjekt',
  'Data store reference': 'Datenspeicher',
  'Parallel multi-instance': 'Parallele Mehrfachinstanz',
  'Sequential multi-instance': 'Sequenzielle Mehrfachinstanz',
  Loop: 'Schleife',
  'Toggle non-interrupting': 'Nicht unterbrechend umschalten',
  // the live check's badge and overlays (bpmn-js-bpmnlint)
  '{errors} Errors, {warnings} Warnings': '{errors} Fehler, {warnings} Warnungen',
  'No Issues': 'Keine Probleme',
  'Toggle linting overlays': 'Prüfhinweise ein-/ausblenden',
  'Issues for child elements': 'Hinweise zu enthaltenen Elementen',
};

/** `template` with `{name}` placeholders filled, in German when `locale` is German. */
export function translateBpmn(locale: string, template: string, replacements: Record<string, unknown> = {}): string {
  const text = locale === 'de' || locale.startsWith('de-') ? (BPMN_DE[template] ?? template) : template;
  return text.replace(/{([^}]+)}/g, (whole, key: string) => (key in replacements ? String(replacements[key]) : whole));
}

/** A didi module overriding diagram-js's `translate`; `lotseLocale.get` gives the current UI language. */
export const translateModule = {
  translate: [
    'factory',
    ['config.lotseLocale', (config: { get?: () => string } | undefined) => (template: string, replacements?: Record<string, unknown>) => translateBpmn(config?.get?.() ?? 'en', template, replacements)],
  ],
};
