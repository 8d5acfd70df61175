// Packages without type declarations for the entry points the engine uses (bpmnlint: common/vendor.d.ts).
declare module 'bpmn-moddle';
declare module 'dmn-moddle';
