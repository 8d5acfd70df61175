/**
 * A stand-in for bpmn-js under the properties panel's real editing API (properties/editing.ts):
 * `modeling` records the previous values as bpmn-js's update handlers do, the command stack undoes
 * them, and a modeling call outside a compound command is a command of its own (undoable, counted),
 * as bpmn-js's modeling calls are. The canvas root is the first process of `definitions`.
 */
export function commandModeler(moddle: { create(type: string, props?: Record<string, unknown>): any }, definitions: any, version: { value: number }) {
  const commands: string[] = [];
  const undoStack: (() => void)[] = [];
  let running: (() => void)[] | null = null;
  const modeling = {
    updateModdleProperties(element: unknown, bo: any, props: Record<string, unknown>) {
      if (!running) return commandStack.execute('element.updateModdleProperties', { steps: () => modeling.updateModdleProperties(element, bo, props) });
      const previous = Object.fromEntries(Object.keys(props).map((k) => [k, bo.get(k)]));
      for (const [k, v] of Object.entries(props)) bo.set(k, v);
      running.push(() => {
        for (const [k, v] of Object.entries(previous)) bo.set(k, v);
      });
    },
    updateProperties(element: any, props: Record<string, unknown>) {
      modeling.updateModdleProperties(element, element.businessObject, props);
    },
  };
  const commandStack = {
    execute(name: string, context: { steps: () => void }) {
      commands.push(name);
      running = [];
      context.steps();
      const reverts = running.reverse();
      running = null;
      undoStack.push(() => reverts.forEach((revert) => revert()));
      version.value++;
    },
    undo() {
      undoStack.pop()?.();
      version.value++;
    },
  };
  const process = definitions.rootElements[0];
  const services: Record<string, unknown> = {
    modeling,
    commandStack,
    bpmnFactory: { create: (type: string, props: Record<string, unknown> = {}) => moddle.create(type, props) },
    canvas: { getRootElement: () => ({ id: process.id, businessObject: process }) },
    elementRegistry: { get: () => undefined },
  };
  const modeler = { get: (name: string) => services[name], getDefinitions: () => definitions };
  return { modeler, commands, commandStack };
}
