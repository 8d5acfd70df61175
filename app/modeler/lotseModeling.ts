/**
 * didi module with Lotse's modelling commands. `lotse.compound` runs several `modeling.*` calls as
 * one undo step (the properties panel changes an element and its extension elements together);
 * redo replays the recorded steps, as for every bpmn-js compound command.
 */
type AnyElement = any;

export interface CompoundContext {
  /** The diagram element whose properties change (for the changed-event and re-render). */
  element: AnyElement;
  /** Runs the modeling calls; called once, while the command executes. */
  steps: () => void;
}

class CompoundHandler {
  preExecute(context: CompoundContext): void {
    context.steps();
  }

  execute(context: CompoundContext): AnyElement[] {
    return [context.element];
  }

  revert(context: CompoundContext): AnyElement[] {
    return [context.element];
  }
}

function registerLotseCommands(commandStack: { registerHandler(name: string, handler: unknown): void }): void {
  commandStack.registerHandler('lotse.compound', CompoundHandler);
}
registerLotseCommands.$inject = ['commandStack'];

export default {
  __init__: ['lotseCommands'],
  lotseCommands: ['type', registerLotseCommands],
};
