/** A problem with a model, named by the element it is about (BPMN element id, DMN decision id). */
export interface ModelError {
  elementId: string;
  message: string;
}
