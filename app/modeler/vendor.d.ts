// Packages of the modeller without type declarations.
declare module 'diagram-js-minimap';
declare module 'bpmn-js-bpmnlint';
declare module 'bpmn-js-token-simulation';
declare module 'bpmn-js-differ';
declare module 'bpmnlint/lib/resolver/static-resolver.js';
declare module 'bpmn-moddle';
declare module '@bpmn-io/feel-editor';
