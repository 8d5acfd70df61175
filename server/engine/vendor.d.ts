// Packages without type declarations for the entry points the engine uses.
declare module 'bpmn-moddle';
declare module 'dmn-moddle';
declare module 'bpmnlint';
declare module 'bpmnlint/lib/resolver/static-resolver.js';
declare module 'bpmnlint/config/recommended.js';
declare module 'bpmnlint/rules/*';
