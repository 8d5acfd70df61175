// Packages without type declarations for the entry points common code uses (the BPMN lint rules).
declare module 'bpmnlint';
declare module 'bpmnlint/lib/resolver/static-resolver.js';
declare module 'bpmnlint/config/recommended.js';
declare module 'bpmnlint/rules/*';
