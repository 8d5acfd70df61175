/**
 * didi module: after an import, bpmn-js-bpmnlint lints and draws its issue overlays before the
 * browser paints the diagram (on a 1,000-element diagram a sizeable share of the open time). This
 * lets the import's lint run one frame later, so the diagram shows first; edits lint as before.
 */
type Linting = { update(): void };
type EventBus = { on(event: string, priority: number, callback: () => void): void };

function lintAfterPaint(eventBus: EventBus, linting: Linting): void {
  const update = linting.update.bind(linting);
  let afterImport = false;
  let scheduled = false;
  // Before bpmn-js-bpmnlint's own (low-priority) import.done listener calls update().
  eventBus.on('import.done', 2000, () => {
    afterImport = true;
  });
  linting.update = () => {
    if (!afterImport) return update();
    afterImport = false;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        scheduled = false;
        update();
      }, 0),
    );
  };
}
lintAfterPaint.$inject = ['eventBus', 'linting'];

export default {
  __init__: ['lintAfterPaint'],
  lintAfterPaint: ['type', lintAfterPaint],
};
