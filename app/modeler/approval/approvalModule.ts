/**
 * didi module that puts the approval building block onto the canvas:
 *
 * - palette: "Create approval step" places a new user task and opens the approval dialog for it;
 * - context pad of a task or user task: "Make approval step" (a plain task becomes a user task
 *   first); of an approval step: "Change the approval" and "Remove approval".
 *
 * The dialog itself lives in the properties panel (ApprovalSection.vue, it needs the form API and
 * the department). This module asks for it through the `lotseApproval` service: `request(element)`
 * remembers the element and fires `lotse.approval.request`; the panel's section for that element
 * opens the dialog, whether it is already shown or mounts once the element is selected.
 *
 * Entries are `<button>`s (diagram-js lets a provider give an entry's `html`), so Tab reaches them
 * and Enter / Space trigger them. A palette entry triggered from the keyboard cannot follow the
 * mouse, so it places the step directly: behind the selected element, else in the view's middle.
 */
import { approvalBlockedReason } from './applyApproval';
import { isApprovalStep, removeApproval } from './removeApproval';

type Element = any;
type Injector = { get<T = any>(name: string, strict?: boolean): T };

export const APPROVAL_REQUEST_EVENT = 'lotse.approval.request';

/** `config.lotseApproval`: the modeller's texts (vue-i18n's `t`), looked up whenever entries are built. */
export interface ApprovalModuleConfig {
  t: (key: string) => string;
}

const svg = (body: string) =>
  `data:image/svg+xml;utf8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="#22242a" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`,
  )}`;
/** A task with a check mark; with a red stroke through it for "remove". */
export const APPROVAL_ICON = svg('<rect x="2.5" y="4.5" width="19" height="15" rx="3"/><path d="M7.5 12.5l3 3 6-6.5" stroke-width="2"/>');
const REMOVE_ICON = svg('<rect x="2.5" y="4.5" width="19" height="15" rx="3"/><path d="M7.5 12.5l3 3 6-6.5" stroke-width="2"/><path d="M3 21L21 3" stroke="#b3261e" stroke-width="2"/>');
const EDIT_ICON = svg('<rect x="2.5" y="4.5" width="19" height="15" rx="3"/><path d="M7.5 12.5l3 3 6-6.5" stroke-width="2"/><circle cx="19" cy="18" r="4" fill="#fff"/><path d="M17.5 18h3M19 16.5v3"/>');
/** The entry with its icon; diagram-js would add the icon as an <img> without alt (axe image-alt), the button's title names it. */
const button = (icon: string) => `<button type="button" class="entry lotse-approval-entry" draggable="true"><img src="${icon}" alt=""></button>`;

const text = (config: ApprovalModuleConfig | undefined, key: string) => config?.t(key) ?? key;
const isFlowNode = (e: Element) => !!e?.businessObject?.$instanceOf?.('bpmn:FlowNode');
const flowsOut = (e: Element) => (e.outgoing ?? []).filter((c: Element) => c.type === 'bpmn:SequenceFlow').length;

export class ApprovalTools {
  static $inject = ['eventBus', 'injector', 'selection', 'bpmnReplace'];
  private pending: Element | null = null;

  constructor(
    private eventBus: any,
    private injector: Injector,
    private selection: any,
    private bpmnReplace: any,
  ) {}

  /** Whether "Make approval step" applies: a task or user task the block can go onto, not one already. */
  canMake(element: Element): boolean {
    if (element?.type === 'bpmn:Task') return flowsOut(element) <= 1;
    return element?.type === 'bpmn:UserTask' && !isApprovalStep(element) && !approvalBlockedReason(element);
  }

  isApprovalStep(element: Element): boolean {
    return isApprovalStep(element);
  }

  /** Makes the element a user task (when it is a plain task), selects it and asks for the dialog. */
  make(element: Element): Element {
    const task = element.type === 'bpmn:Task' ? this.bpmnReplace.replaceElement(element, { type: 'bpmn:UserTask' }) : element;
    this.selection.select(task);
    this.request(task);
    return task;
  }

  /** Asks the properties panel to open the approval dialog for `element`. */
  request(element: Element): void {
    this.pending = element;
    this.eventBus.fire(APPROVAL_REQUEST_EVENT, { element });
  }

  /** True once for the element last requested: the panel section that opens the dialog takes the request. */
  takeRequest(element: Element): boolean {
    if (!element || this.pending !== element) return false;
    this.pending = null;
    return true;
  }

  /** Turns the approval step back into a plain user task (one undo step). */
  remove(element: Element): void {
    removeApproval({ get: (name) => this.injector.get(name) }, element);
  }
}

class ApprovalPaletteProvider {
  static $inject = ['palette', 'create', 'elementFactory', 'bpmnFactory', 'autoPlace', 'canvas', 'modeling', 'selection', 'eventBus', 'lotseApproval', 'config.lotseApproval'];

  constructor(
    palette: any,
    private create: any,
    private elementFactory: any,
    private bpmnFactory: any,
    private autoPlace: any,
    private canvas: any,
    private modeling: any,
    private selection: any,
    eventBus: any,
    private tools: ApprovalTools,
    private config: ApprovalModuleConfig | undefined,
  ) {
    palette.registerProvider(this);
    // After the create tool placed (and selected) the new step: ask for its dialog.
    eventBus.on('create.end', 250, (event: any) => {
      const { hints, shape } = event.context ?? {};
      if (hints?.lotseApproval && shape) this.tools.request(shape);
    });
  }

  private newShape(): Element {
    const businessObject = this.bpmnFactory.create('bpmn:UserTask', { name: text(this.config, 'approvalTools.newStep') });
    return this.elementFactory.createShape({ type: 'bpmn:UserTask', businessObject });
  }

  /** Keyboard: behind the selected element, else in the middle of the visible part of the diagram. */
  private place(shape: Element): Element {
    const [source, ...others] = this.selection.get();
    if (source && !others.length && isFlowNode(source) && source.type !== 'bpmn:EndEvent' && !source.businessObject.$instanceOf('bpmn:SubProcess')) {
      return this.autoPlace.append(source, shape);
    }
    const box = this.canvas.viewbox();
    const center = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
    const root = this.canvas.getRootElement();
    const parent = root.type === 'bpmn:Collaboration'
      ? (root.children.find((c: Element) => c.type === 'bpmn:Participant' && center.x >= c.x && center.x <= c.x + c.width && center.y >= c.y && center.y <= c.y + c.height)
        ?? root.children.find((c: Element) => c.type === 'bpmn:Participant'))
      : root;
    return this.modeling.createShape(shape, center, parent);
  }

  getPaletteEntries(): Record<string, unknown> {
    const start = (event: MouseEvent) => {
      const shape = this.newShape();
      if (event.type === 'click' && event.detail === 0) {
        const placed = this.place(shape);
        this.selection.select(placed);
        this.tools.request(placed);
        return;
      }
      this.create.start(event, shape, { hints: { lotseApproval: true } });
    };
    return {
      'create.lotse-approval': {
        group: 'activity',
        html: button(APPROVAL_ICON),
        title: text(this.config, 'approvalTools.create'),
        action: { click: start, dragstart: start },
      },
    };
  }
}

class ApprovalContextPadProvider {
  static $inject = ['contextPad', 'lotseApproval', 'config.lotseApproval'];

  constructor(
    contextPad: any,
    private tools: ApprovalTools,
    private config: ApprovalModuleConfig | undefined,
  ) {
    contextPad.registerProvider(this);
  }

  getContextPadEntries(element: Element): Record<string, unknown> {
    const t = (key: string) => text(this.config, key);
    const entry = (title: string, imageUrl: string, click: () => void) => ({
      group: 'lotse-approval',
      html: button(imageUrl),
      title,
      action: { click },
    });
    if (this.tools.isApprovalStep(element)) {
      return {
        'lotse-approval.edit': entry(t('approvalTools.edit'), EDIT_ICON, () => this.tools.request(element)),
        'lotse-approval.remove': entry(t('approvalTools.remove'), REMOVE_ICON, () => this.tools.remove(element)),
      };
    }
    if (this.tools.canMake(element)) {
      return { 'lotse-approval.make': entry(t('approvalTools.make'), APPROVAL_ICON, () => this.tools.make(element)) };
    }
    return {};
  }
}

export default {
  __init__: ['lotseApprovalPalette', 'lotseApprovalContextPad'],
  lotseApproval: ['type', ApprovalTools],
  lotseApprovalPalette: ['type', ApprovalPaletteProvider],
  lotseApprovalContextPad: ['type', ApprovalContextPadProvider],
};
