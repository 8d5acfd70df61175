/** Multi-instance loop characteristics (parallel and sequential); the standard loop is refused. */
import { feelSyntaxError, stripEquals } from '../../../common/feel';
import type { CompiledElement } from '../core/model';
import { ext, type FamilyTools } from './tools';

/** The multi-instance body of an activity, if it has loop characteristics. */
export function compileLoop(el: any, c: CompiledElement, t: FamilyTools): void {
  const { err, checkFeel } = t;
  const loop = el.loopCharacteristics;
  if (!loop) return;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    err(el.id, `${loop.$type} (standard loop) is not supported; use multi-instance`);
    return;
  }
  const z = ext(loop, 'zeebe:LoopCharacteristics');
  const cardinality = loop.loopCardinality?.body?.trim();
  const completion = z?.completionCondition ?? loop.completionCondition?.body?.trim();
  c.loop = {
    sequential: !!loop.isSequential, inputCollection: z?.inputCollection, inputElement: z?.inputElement,
    outputCollection: z?.outputCollection, outputElement: z?.outputElement,
    completionCondition: completion, loopCardinality: cardinality,
  };
  if (!c.loop.inputCollection && !cardinality) err(el.id, 'multi-instance without inputCollection or loopCardinality');
  checkFeel(el.id, 'inputCollection', c.loop.inputCollection);
  checkFeel(el.id, 'outputElement', c.loop.outputElement);
  if (completion) {
    const e = feelSyntaxError(stripEquals(completion));
    if (e) err(el.id, `completionCondition: ${e}`);
  }
  if (c.loop.outputCollection && !c.loop.outputElement) err(el.id, 'multi-instance outputCollection without outputElement');
}
